import type { CrawlPage, IndexChange, IndexedItem, IndexSource } from '../../../main/index/index-source';

/**
 * An IndexSource driven by the test: pages to crawl (checkpoint = page number), an error
 * to throw before a given page, and a feed the test pushes change batches or errors into.
 */
export class ScriptedSource implements IndexSource {
  crawlCalls: Array<string | undefined> = [];
  followCalls: string[] = [];
  private feed: Array<{ changes: IndexChange[]; cursor: string } | Error> = [];
  private wake: (() => void) | undefined;

  constructor(
    public pages: IndexedItem[][],
    public failBeforePage: { page: number; error: Error } | undefined = undefined,
    public startAt = 'cursor-0',
  ) {}

  async startCursor(): Promise<string | undefined> {
    return this.startAt;
  }

  async crawl(
    checkpoint: string | undefined,
    onPage: (page: CrawlPage) => Promise<void>,
    signal: AbortSignal,
  ): Promise<string | undefined> {
    this.crawlCalls.push(checkpoint);
    for (let page = checkpoint ? Number(checkpoint) : 0; page < this.pages.length; page++) {
      signal.throwIfAborted();
      if (this.failBeforePage?.page === page) {
        const { error } = this.failBeforePage;
        this.failBeforePage = undefined;
        throw error;
      }
      const last = page === this.pages.length - 1;
      await onPage({ items: this.pages[page] ?? [], ...(last ? {} : { checkpoint: String(page + 1) }), skipped: page === 0 ? 1 : 0 });
    }
    return undefined;
  }

  async follow(cursor: string, onChanges: (changes: IndexChange[], cursor: string) => Promise<void>, signal: AbortSignal): Promise<void> {
    this.followCalls.push(cursor);
    while (!signal.aborted) {
      const next = this.feed.shift();
      if (next instanceof Error) throw next;
      if (next) {
        await onChanges(next.changes, next.cursor);
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }

  push(entry: { changes: IndexChange[]; cursor: string } | Error): void {
    this.feed.push(entry);
    this.wake?.();
  }
}

export const image = (id: string, name: string, parentId = 'root'): IndexedItem => ({
  id,
  name,
  parentId,
  path: 'All Files',
  modifiedAt: '2024-05-01T10:00:00Z',
});
