import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { IndexChange, IndexedItem } from './index-source';
import { NameStore } from './name-store';
import { IndexFormatError, readSnapshot, snapshotFormatVersion, writeSnapshot } from './snapshot-file';

export { IndexFormatError } from './snapshot-file';

/**
 * One connection's index on disk: `names.snapshot` (every item, columns as they sit in
 * memory, one checksum: snapshot-file.ts) and `names.journal` (what changed since, one checksummed record
 * per write). A snapshot is written beside the old one and renamed over it; the journal
 * then starts afresh with the snapshot's generation, so a journal left from before a
 * snapshot is recognised and ignored. A torn last record fails its checksum and is cut
 * off: a kill at any moment loses at most the write in progress.
 */

export const indexFormatVersion = snapshotFormatVersion;
const journalMagic = 0x4a444953; // "SIDJ"
const journalHeaderBytes = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Where the crawl and the change feed stand; saved with the items it describes. */
export interface IndexMeta {
  /** A full crawl has finished (the index holds everything the connection sees). */
  complete: boolean;
  /** Where to follow changes from. */
  cursor?: string;
  /** A crawl in progress: where it resumes, and the change cursor taken before it began. */
  crawl?: { checkpoint?: string; startCursor?: string };
  /** Items seen by the current crawl carry this epoch; after it, older ones are gone. */
  epoch: number;
  /** Folders that could not be read in the last crawl. */
  skipped: number;
}

export const freshMeta = (): IndexMeta => ({ complete: false, epoch: 1, skipped: 0 });

/** One journal record: applied in this order, then `meta` replaces the meta. */
export interface JournalEntry {
  /** Crawl pages: items stamped with the meta's epoch. */
  upserts?: IndexedItem[];
  changes?: IndexChange[];
  /** Drop items older than this epoch (a crawl finished). */
  sweep?: number;
  meta: IndexMeta;
}

export interface LoadedIndex {
  store: NameStore;
  meta: IndexMeta;
  /** Why the saved index was thrown away, when it was (said once, then rebuilt). */
  problem?: string;
}

/** Applies a journal entry to memory; the same code replays the journal at load. */
export function applyEntry(store: NameStore, entry: JournalEntry): { changed: boolean } {
  let changed = false;
  for (const item of entry.upserts ?? []) changed = store.upsert(item, entry.meta.epoch) || changed;
  for (const change of entry.changes ?? []) changed = store.apply(change) || changed;
  if (entry.sweep !== undefined) changed = store.removeOlderThan(entry.sweep) > 0 || changed;
  store.settle();
  return { changed };
}

export class IndexFiles {
  private journalFd: number | undefined;
  private generation = 0;
  private journalSize = 0;
  private snapshotSize = 0;

  constructor(readonly dir: string) {}

  private get snapshotFile(): string {
    return join(this.dir, 'names.snapshot');
  }

  private get journalFile(): string {
    return join(this.dir, 'names.journal');
  }

  /** Reads what is saved; anything unreadable is reported and replaced by an empty index. */
  load(): LoadedIndex {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    let loaded: LoadedIndex;
    try {
      loaded = this.read();
    } catch (error) {
      const problem = error instanceof IndexFormatError ? error.message : 'the saved index could not be read';
      this.close();
      rmSync(this.snapshotFile, { force: true });
      rmSync(this.journalFile, { force: true });
      loaded = { store: new NameStore(), meta: freshMeta(), problem };
    }
    if (!existsSync(this.snapshotFile)) this.snapshot(loaded.store, loaded.meta);
    else this.openJournal();
    return loaded;
  }

  /** Appends one record and waits for the disk: what returns is what survives a crash. */
  append(entry: JournalEntry): void {
    const payload = encoder.encode(JSON.stringify(entry));
    const record = Buffer.alloc(8 + payload.length);
    record.writeUInt32LE(payload.length, 0);
    record.writeUInt32LE(crc32(payload), 4);
    record.set(payload, 8);
    const fd = this.openJournal();
    writeSync(fd, record, 0, record.length, this.journalSize);
    fsyncSync(fd);
    this.journalSize += record.length;
  }

  /**
   * True once the journal outweighs a rewrite of the snapshot. While a crawl fills the
   * index, each snapshot packs every row again: at the snapshot's own size the rewrites
   * add up to about twice the final index (at half of it, three times).
   */
  get wantsSnapshot(): boolean {
    return this.journalSize > Math.max(4 * 1024 * 1024, this.snapshotSize);
  }

  /** Writes every item to a new snapshot and starts an empty journal. */
  snapshot(store: NameStore, meta: IndexMeta): NameStore {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const columns = store.columns();
    const generation = (this.generation + 1) >>> 0 || 1;
    let size = 0;
    writeDurably(this.snapshotFile, (fd) => (size = writeSnapshot(fd, columns, meta, generation)));
    this.close();
    const header = journalHeader(generation);
    writeDurably(this.journalFile, (fd) => writeSync(fd, header));
    this.generation = generation;
    this.snapshotSize = size;
    this.journalSize = journalHeaderBytes;
    this.openJournal();
    // The packed copy is what the next queries should scan.
    return store.isPacked ? store : NameStore.fromColumns(columns);
  }

  /** Bytes on disk. */
  get bytes(): number {
    return this.snapshotSize + this.journalSize;
  }

  close(): void {
    if (this.journalFd !== undefined) closeSync(this.journalFd);
    this.journalFd = undefined;
  }

  remove(): void {
    this.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private openJournal(): number {
    this.journalFd ??= openSync(this.journalFile, 'r+', 0o600);
    return this.journalFd;
  }

  private read(): LoadedIndex {
    if (!existsSync(this.snapshotFile)) {
      // Nothing saved yet (or only a journal without its snapshot, which cannot be trusted).
      rmSync(this.journalFile, { force: true });
      return { store: new NameStore(), meta: freshMeta() };
    }
    const { columns, meta, generation } = readSnapshot<IndexMeta>(this.snapshotFile);
    this.generation = generation;
    this.snapshotSize = statSync(this.snapshotFile).size;
    const store = NameStore.fromColumns(columns);
    let current = meta;
    const journal = existsSync(this.journalFile) ? readFileSync(this.journalFile) : undefined;
    if (
      !journal ||
      journal.length < journalHeaderBytes ||
      journal.readUInt32LE(0) !== journalMagic ||
      journal.readUInt32LE(8) !== generation
    ) {
      // Missing, torn at creation, or from before the snapshot (whose items it already holds).
      const header = journalHeader(generation);
      writeDurably(this.journalFile, (fd) => writeSync(fd, header));
      this.journalSize = journalHeaderBytes;
      return { store, meta: current };
    }
    let at = journalHeaderBytes;
    while (at + 8 <= journal.length) {
      const length = journal.readUInt32LE(at);
      const end = at + 8 + length;
      if (end > journal.length) break;
      const payload = journal.subarray(at + 8, end);
      if (crc32(payload) !== journal.readUInt32LE(at + 4)) break;
      const entry = JSON.parse(decoder.decode(payload)) as JournalEntry;
      applyEntry(store, entry);
      current = entry.meta;
      at = end;
    }
    if (at < journal.length) {
      // A torn or damaged tail: cut it so new records follow the last good one.
      const fd = openSync(this.journalFile, 'r+');
      ftruncateSync(fd, at);
      fsyncSync(fd);
      closeSync(fd);
    }
    this.journalSize = at;
    return { store, meta: current };
  }
}

function journalHeader(generation: number): Buffer {
  const header = Buffer.alloc(journalHeaderBytes);
  header.writeUInt32LE(journalMagic, 0);
  header.writeUInt32LE(indexFormatVersion, 4);
  header.writeUInt32LE(generation, 8);
  return header;
}

/** Write to a temporary file, flush it, rename it over the target, flush the folder. */
function writeDurably(file: string, write: (fd: number) => void): void {
  const temporary = `${file}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    write(fd);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  try {
    const dirFd = openSync(join(file, '..'), 'r');
    fsyncSync(dirFd);
    closeSync(dirFd);
  } catch {
    // Windows cannot open a folder for flushing; its rename is durable enough.
  }
}
