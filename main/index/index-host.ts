import { join } from 'node:path';
import { matchRanges, queryWords } from './fold';
import { applyEntry, IndexFiles, type IndexMeta, type JournalEntry } from './index-files';
import type { NameStore, StoredItem } from './name-store';

/**
 * What the index worker does, as a plain class (the worker only forwards messages to it,
 * so tests can drive it directly too). Each open index is one connection/account.
 */

export interface IndexHit extends StoredItem {
  /** Matched parts of `name`, [start, end) in UTF-16 units, for highlighting. */
  matches: Array<[number, number]>;
}

export interface IndexFacts {
  items: number;
  bytes: number;
}

export type HostRequest =
  | { op: 'open'; key: string }
  | { op: 'write'; key: string; entry: JournalEntry }
  | { op: 'query'; key: string; text: string; offset: number; limit: number }
  | { op: 'has'; key: string; ids: string[] }
  | { op: 'close'; key: string }
  | { op: 'remove'; key: string };

export interface HostReplies {
  open: IndexFacts & { meta: IndexMeta; problem?: string };
  write: IndexFacts & { changed: boolean };
  query: { total: number; exact: boolean; hits: IndexHit[] };
  has: boolean[];
  close: null;
  remove: null;
}

interface OpenIndex {
  files: IndexFiles;
  store: NameStore;
}

export class IndexHost {
  private readonly open = new Map<string, OpenIndex>();

  /** `root` is <dataDir>/index; a key is a relative folder under it. */
  constructor(private readonly root: string) {}

  handle<R extends HostRequest>(request: R): HostReplies[R['op']] {
    return this.dispatch(request) as HostReplies[R['op']];
  }

  private dispatch(request: HostRequest): HostReplies[HostRequest['op']] {
    switch (request.op) {
      case 'open': {
        this.close(request.key);
        const files = new IndexFiles(join(this.root, request.key));
        const loaded = files.load();
        const { meta, problem } = loaded;
        // A long journal (the app quit mid-crawl) left many rows to read whole in every query.
        const store = loaded.store.tailRows > loaded.store.count / 8 ? files.snapshot(loaded.store, meta) : loaded.store;
        this.open.set(request.key, { files, store });
        return { items: store.count, bytes: files.bytes, meta, ...(problem ? { problem } : {}) };
      }
      case 'write': {
        const index = this.get(request.key);
        // Disk first: a change is applied only once it would survive a crash.
        index.files.append(request.entry);
        const { changed } = applyEntry(index.store, request.entry);
        // A finished crawl (its sweep) is packed whatever the journal's size: a query reads
        // the rows added since the last packing whole, but the sorted runs only as far as
        // its page needs (name-query.ts).
        if (index.files.wantsSnapshot || (request.entry.sweep !== undefined && !index.store.isPacked)) {
          index.store = index.files.snapshot(index.store, request.entry.meta);
        }
        return { changed, items: index.store.count, bytes: index.files.bytes };
      }
      case 'query': {
        const { store } = this.get(request.key);
        const words = queryWords(request.text);
        const { rows, total, exact } = store.query(words, request.offset, request.limit);
        return {
          total,
          exact,
          hits: rows.map((row) => {
            const item = store.item(row);
            // Added to the item rather than spread into a copy of it (200 per query).
            return Object.assign(item, { matches: matchRanges(item.name, words) });
          }),
        };
      }
      case 'has': {
        const { store } = this.get(request.key);
        return request.ids.map((id) => store.has(id));
      }
      case 'close':
        this.close(request.key);
        return null;
      case 'remove':
        this.close(request.key);
        new IndexFiles(join(this.root, request.key)).remove();
        return null;
    }
  }

  closeAll(): void {
    for (const key of [...this.open.keys()]) this.close(key);
  }

  private close(key: string): void {
    this.open.get(key)?.files.close();
    this.open.delete(key);
  }

  private get(key: string): OpenIndex {
    const index = this.open.get(key);
    if (!index) throw new Error('index not open');
    return index;
  }
}
