/**
 * How a provider feeds the local name index (issue #12). A source lists everything the
 * connection can see once (resumably), then follows changes from a cursor. Sources run in
 * main because they need the app's fetch port and the connection's tokens; the index
 * itself (matching, persistence) lives off the main event loop.
 */

/** One image-like item: names and facts only, never contents or thumbnails. */
export interface IndexedItem {
  /** The provider's item id (Box file ID, drive item ID, path relative to a local folder). */
  id: string;
  name: string;
  /** The parent folder's id, so a folder move or delete can be applied to what is inside. */
  parentId?: string;
  /** The folder path shown to people ("Marketing / 2024"), without the file name. */
  path: string;
  size?: number;
  /** ISO time. */
  modifiedAt?: string;
  /** Box `etag`/version, Graph `eTag`, local mtime: tells a changed item from an unchanged one. */
  version?: string;
}

export type IndexChange =
  | { type: 'upsert'; item: IndexedItem }
  | { type: 'remove'; id: string }
  /** A folder was deleted or moved out of scope: drop everything below it. */
  | { type: 'remove-folder'; folderId: string };

/** Where a crawl stopped, opaque to the index; persisted so a crawl resumes instead of restarting. */
export type CrawlCheckpoint = string;

export interface CrawlPage {
  items: IndexedItem[];
  /** Resume point after this page; undefined on the last page. */
  checkpoint?: CrawlCheckpoint;
  /** Folders that could not be read (403, unreadable) and were skipped, this page. */
  skipped?: number;
}

/** Thrown by `follow` when the cursor is too old or was reset (Box stream reset, Graph 410): crawl afresh. */
export class CursorExpiredError extends Error {
  override readonly name = 'CursorExpiredError';
}

/** Thrown when the service asks us to wait (429/503 with Retry-After), so status can say until when. */
export class WaitRequestedError extends Error {
  override readonly name = 'WaitRequestedError';
  constructor(readonly until: Date) {
    super(`Asked to wait until ${until.toISOString()}`);
  }
}

export interface IndexSource {
  /**
   * The cursor to follow changes from, taken BEFORE the crawl starts (Box
   * `stream_position=now`; for Graph the delta link comes at the end of the crawl, so
   * this returns undefined and `crawl` returns the cursor instead).
   */
  startCursor(signal: AbortSignal): Promise<string | undefined>;
  /**
   * Lists every item, page by page, from `checkpoint` (undefined = from the start).
   * `onPage` persists each page before the next is fetched. Resolves with the cursor to
   * follow from when the source only knows it at the end (Graph's deltaLink).
   */
  crawl(
    checkpoint: CrawlCheckpoint | undefined,
    onPage: (page: CrawlPage) => Promise<void>,
    signal: AbortSignal,
  ): Promise<string | undefined>;
  /**
   * Follows changes from `cursor` until `signal` aborts: long-poll (Box), periodic delta
   * (Graph, also on `poke()`), a watcher (local). `onChanges` gets each batch with the
   * cursor to persist after applying it. Throws CursorExpiredError when a fresh crawl is needed.
   */
  follow(cursor: string, onChanges: (changes: IndexChange[], cursor: string) => Promise<void>, signal: AbortSignal): Promise<void>;
  /** Check for changes now (window focus); a no-op where changes are pushed. */
  poke?(): void;
}
