import { summarize, type CharBits } from './char-summary';
import { fold } from './fold';
import { IdTable } from './id-table';
import type { IndexChange, IndexedItem } from './index-source';
import { chunkChars, NameChunk } from './name-chunk';
import { queryRows, type QueryResult } from './name-query';
import { newestFirst, TierCounts } from './tier-counts';

export type { QueryResult } from './name-query';

/**
 * The names of one connection, held in columns rather than one object per item: a million
 * items as objects (strings, a Map, boxed numbers) cost several hundred bytes each, over
 * the budget of ~150. Rows are appended and never moved until a compaction; a changed item
 * is a dead row plus a new one.
 *
 * - folded names: in chunk strings (name-chunk.ts), which queries search with `indexOf`;
 * - which characters each name holds and which start its words (char-summary.ts), for
 *   one-character queries;
 * - id, name, version: UTF-8 in one byte buffer, found through `recStart`; ids found
 *   through a hash table over those bytes (id-table.ts);
 * - size, modified time, folder, crawl epoch: typed arrays;
 * - folders (id + display path): a small table, shared by the items inside.
 *
 * A packed store (after a snapshot) numbers its rows newest first, the names that fit
 * Latin-1 before the others: two sorted runs, which a query reads only as far as its page
 * needs. Rows appended since form a third run, the tail, read whole.
 */

const noTime = 0;
/** Reused for every appended name. */
const bits: CharBits = { charsLo: 0, charsHi: 0, wordsLo: 0, wordsHi: 0, first: 0 };
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** An item as the store gives it back: exactly what the source indexed. */
export type StoredItem = IndexedItem;

/**
 * A packed store as a snapshot holds it: rows in chunk order, chunk k holding the next
 * `starts.length` rows; the one-byte chunks' rows first (newest first), then the others'.
 */
export interface StoreColumns {
  rows: number;
  /** Rows of names in one-byte chunks (the first run). */
  narrowRows: number;
  /** TierCounts of the two sorted runs. */
  tierCounts: number[];
  recStart: Uint32Array<ArrayBuffer>;
  records: Uint8Array<ArrayBuffer>;
  charsLo: Uint32Array<ArrayBuffer>;
  charsHi: Uint32Array<ArrayBuffer>;
  wordsLo: Uint32Array<ArrayBuffer>;
  wordsHi: Uint32Array<ArrayBuffer>;
  first: Uint8Array<ArrayBuffer>;
  size: Float64Array<ArrayBuffer>;
  /** Seconds since 1970 (0: unknown): half the bytes of milliseconds, and enough to rank by. */
  mtime: Uint32Array<ArrayBuffer>;
  folder: Uint32Array<ArrayBuffer>;
  epoch: Uint16Array<ArrayBuffer>;
  /** The id table's slots (id-table.ts). */
  idSlots: Int32Array<ArrayBuffer>;
  chunks: Array<{ wide: boolean; text: string; starts: Uint32Array<ArrayBuffer>; grams: Int32Array<ArrayBuffer> }>;
  folders: Array<{ id: string; path: string }>;
}

/** The per-row typed columns, by name (what `grow` and a compaction walk over). */
const rowColumns = ['recStart', 'charsLo', 'charsHi', 'wordsLo', 'wordsHi', 'first', 'size', 'mtime', 'folder', 'epoch'] as const;
type RowColumn = (typeof rowColumns)[number];
type Typed = Uint32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

/** A larger copy; 1.5× keeps the spare room (and the copying) moderate at a million rows. */
function grown<T extends Typed>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(needed, Math.ceil(array.length * 1.5), 1024));
  next.set(array);
  return next;
}

export class NameStore {
  private rowCount = 0;
  private liveCount = 0;
  private recStart = new Uint32Array(0);
  private records = new Uint8Array(0);
  private recordBytes = 0;
  private charsLo = new Uint32Array(0);
  private charsHi = new Uint32Array(0);
  private wordsLo = new Uint32Array(0);
  private wordsHi = new Uint32Array(0);
  private first = new Uint8Array(0);
  private size = new Float64Array(0);
  private mtime = new Uint32Array(0);
  private folder = new Uint32Array(0);
  private epoch = new Uint16Array(0);
  private alive = new Uint8Array(0);
  private chunks: NameChunk[] = [];
  /** The chunk each kind of name is appended to now. */
  private open: { narrow: NameChunk | undefined; wide: NameChunk | undefined } = { narrow: undefined, wide: undefined };
  private folders: Array<{ id: string; path: string }> = [];
  /** Folder entries by "id\0path", and by id alone (the entry last used for that id). */
  private folderIndex = new Map<string, number>();
  private lastFolder = -1;
  private ids = new IdTable(this);
  /** Rows below `narrowEnd` are the first sorted run, below `sortedEnd` the second; the rest are the tail. */
  private narrowEnd = 0;
  private sortedEnd = 0;
  private tiers = new TierCounts();
  private deadIn = [0, 0, 0];

  get count(): number {
    return this.liveCount;
  }

  /** Inserts or replaces an item. False when nothing about it changed. */
  upsert(item: IndexedItem, epoch = 0): boolean {
    const existing = this.ids.find(item.id);
    if (existing >= 0) {
      if (this.same(existing, item)) {
        this.epoch[existing] = epoch;
        return false;
      }
      this.kill(existing);
    }
    this.append(item, epoch);
    return true;
  }

  remove(id: string): boolean {
    const row = this.ids.find(id);
    if (row < 0) return false;
    this.kill(row);
    return true;
  }

  /**
   * Drops everything below a folder. Items only carry their direct parent, so "below" is
   * found through the folder table: the folder's own items, folders whose path continues
   * its path, and (local folders, whose folder ids are relative paths) ids under it.
   */
  removeFolder(folderId: string): number {
    const paths = new Set(this.folders.filter((f) => f.id === folderId).map((f) => f.path));
    const below = new Set<number>();
    this.folders.forEach((f, index) => {
      if (f.id === folderId || f.id.startsWith(`${folderId}/`)) below.add(index);
      for (const path of paths) if (f.path.startsWith(`${path}/`) || f.path.startsWith(`${path} /`)) below.add(index);
    });
    if (below.size === 0) return 0;
    let removed = 0;
    for (let row = 0; row < this.rowCount; row++) {
      if (this.alive[row] && below.has(this.folder[row] ?? 0)) {
        this.kill(row);
        removed++;
      }
    }
    return removed;
  }

  apply(change: IndexChange): boolean {
    switch (change.type) {
      case 'upsert':
        return this.upsert(change.item);
      case 'remove':
        return this.remove(change.id);
      case 'remove-folder':
        return this.removeFolder(change.folderId) > 0;
    }
  }

  /** After a full crawl: items the crawl did not see again are gone. */
  removeOlderThan(epoch: number): number {
    let removed = 0;
    for (let row = 0; row < this.rowCount; row++) {
      if (this.alive[row] && this.epoch[row] !== epoch) {
        this.kill(row);
        removed++;
      }
    }
    return removed;
  }

  /**
   * Rows whose folded name holds every word, ranked: the first word at the start of the
   * name, then at the start of a word, then inside one; newer first within each. No words
   * (the home screen): every live row, newest first.
   * `counted`: matches counted exactly before the total becomes a lower bound (name-query.ts).
   */
  query(words: readonly string[], offset: number, limit: number, counted?: number): QueryResult {
    this.settle();
    const { rowCount, alive, mtime, chunks, charsLo, charsHi, wordsLo, wordsHi, first, tiers, deadIn } = this;
    const runs = [
      { start: 0, end: this.narrowEnd, sorted: true, dead: deadIn[0] ?? 0 },
      { start: this.narrowEnd, end: this.sortedEnd, sorted: true, dead: deadIn[1] ?? 0 },
      { start: this.sortedEnd, end: rowCount, sorted: false, dead: deadIn[2] ?? 0 },
    ];
    return queryRows({ alive, mtime, chunks, charsLo, charsHi, wordsLo, wordsHi, first, tiers, runs }, words, offset, limit, counted);
  }

  item(row: number): StoredItem {
    let at = this.recStart[row] ?? 0;
    const read = () => {
      const length = (this.records[at] ?? 0) | ((this.records[at + 1] ?? 0) << 8);
      const value = decodeRecord(this.records.subarray(at + 2, at + 2 + length));
      at += 2 + length;
      return value;
    };
    const id = read();
    const name = read();
    const version = read();
    const folder = this.folders[this.folder[row] ?? 0] ?? { id: '', path: '' };
    const size = this.size[row] ?? Number.NaN;
    const time = this.mtime[row] ?? noTime;
    // Fields set one by one rather than spread in: a page of 200 hits is built per query.
    const item: StoredItem = { id, name, path: folder.path };
    if (folder.id) item.parentId = folder.id;
    if (!Number.isNaN(size)) item.size = size;
    if (time !== noTime) item.modifiedAt = new Date(time * 1000).toISOString();
    if (version) item.version = version;
    return item;
  }

  has(id: string): boolean {
    return this.ids.find(id) >= 0;
  }

  /** Joins the names appended since the last call into their chunks' text (once per batch, not per name). */
  settle(): void {
    this.open.narrow?.settle();
    this.open.wide?.settle();
  }

  /** Rows appended since the store was last packed: a query reads them whole. */
  get tailRows(): number {
    return this.rowCount - this.sortedEnd;
  }

  /** Rows that are dead weight; a compaction pays off once they are many. */
  get deadRows(): number {
    return this.rowCount - this.liveCount;
  }

  /** Only the live rows, packed in chunk order: what a snapshot holds. */
  columns(): StoreColumns {
    this.settle();
    if (!this.isPacked) return this.packed().columns();
    const n = this.rowCount;
    const cut = <T extends Typed>(array: T): T => (array.length === n ? array : (array.slice(0, n) as T));
    return {
      rows: n,
      narrowRows: this.narrowEnd,
      tierCounts: this.tiers.saved(),
      recStart: cut(this.recStart),
      records: this.records.length === this.recordBytes ? this.records : this.records.slice(0, this.recordBytes),
      charsLo: cut(this.charsLo),
      charsHi: cut(this.charsHi),
      wordsLo: cut(this.wordsLo),
      wordsHi: cut(this.wordsHi),
      first: cut(this.first),
      size: cut(this.size),
      mtime: cut(this.mtime),
      folder: cut(this.folder),
      epoch: cut(this.epoch),
      idSlots: this.ids.saved,
      chunks: this.chunks.map((chunk) => ({ wide: chunk.wide, text: chunk.text, starts: chunk.packedStarts(), grams: chunk.grams })),
      folders: this.folders,
    };
  }

  static fromColumns(c: StoreColumns): NameStore {
    const store = new NameStore();
    store.rowCount = c.rows;
    store.liveCount = c.rows;
    store.recStart = c.recStart;
    store.records = c.records;
    store.recordBytes = c.records.length;
    store.charsLo = c.charsLo;
    store.charsHi = c.charsHi;
    store.wordsLo = c.wordsLo;
    store.wordsHi = c.wordsHi;
    store.first = c.first;
    store.size = c.size;
    store.mtime = c.mtime;
    store.folder = c.folder;
    store.epoch = c.epoch;
    store.alive = new Uint8Array(c.rows).fill(1);
    store.narrowEnd = c.narrowRows;
    store.sortedEnd = c.rows;
    store.tiers = new TierCounts(c.tierCounts);
    let rowBase = 0;
    store.chunks = c.chunks.map((chunk) => {
      const loaded = new NameChunk(chunk.wide, rowBase, chunk, true);
      rowBase += chunk.starts.length;
      return loaded;
    });
    // New names go to fresh chunks; the loaded ones stay as they are.
    store.folders = c.folders;
    c.folders.forEach((f, index) => {
      store.folderIndex.set(folderKey(f.id, f.path), index);
      store.folderIndex.set(f.id, index);
    });
    store.ids.adopt(c.idSlots, c.rows);
    return store;
  }

  /** A copy without the dead rows, renumbered into the two sorted runs (newest first). */
  packed(): NameStore {
    this.settle();
    // Where each row's folded name is.
    const chunkOf = new Int32Array(this.rowCount).fill(-1);
    const indexIn = new Uint32Array(this.rowCount);
    this.chunks.forEach((chunk, c) => {
      for (let i = 0; i < chunk.count; i++) {
        const row = chunk.rowAt(i);
        chunkOf[row] = c;
        indexIn[row] = i;
      }
    });
    const live = (wide: boolean) => {
      const rows: number[] = [];
      for (let row = 0; row < this.rowCount; row++) if (this.alive[row] && this.chunks[chunkOf[row] ?? -1]?.wide === wide) rows.push(row);
      return newestFirst(Uint32Array.from(rows), this.mtime);
    };
    const narrow = live(false);
    const wide = live(true);
    const n = narrow.length + wide.length;
    const next = new NameStore();
    for (const name of rowColumns) next.setColumn(name, new (this[name].constructor as new (n: number) => Typed)(n));
    next.alive = new Uint8Array(n).fill(1);
    next.records = new Uint8Array(this.recordBytes);
    next.folders = [...this.folders];
    next.folderIndex = new Map(this.folderIndex);
    next.narrowEnd = narrow.length;
    next.sortedEnd = n;
    let to = 0;
    for (const order of [narrow, wide]) {
      let parts: string[] = [];
      let starts: number[] = [];
      let length = 0;
      let base = to;
      const flush = () => {
        if (starts.length > 0)
          next.chunks.push(new NameChunk(order === wide, base, { text: parts.join(''), starts: Uint32Array.from(starts) }, true));
        parts = [];
        starts = [];
        length = 0;
        base = to;
      };
      for (const row of order) {
        const chunk = this.chunks[chunkOf[row] ?? 0] as NameChunk;
        const i = indexIn[row] ?? 0;
        const start = chunk.starts[i] ?? 0;
        const end = chunk.endOf(i) + 1;
        starts.push(length);
        parts.push(chunk.text.slice(start, end));
        length += end - start;
        this.copyRow(row, next, to);
        next.tiers.change(
          order === wide ? 1 : 0,
          next.charsLo[to] ?? 0,
          next.charsHi[to] ?? 0,
          next.wordsLo[to] ?? 0,
          next.wordsHi[to] ?? 0,
          next.first[to] ?? 0,
          1,
        );
        to++;
        if (length >= chunkChars) flush();
      }
      flush();
    }
    next.rowCount = n;
    next.liveCount = n;
    next.ids.rebuild(n);
    return next;
  }

  /** The bytes of a row's id in the records (id-table.ts reads ids here). */
  idBytes(row: number): { bytes: Uint8Array; at: number; length: number } {
    const at = this.recStart[row] ?? 0;
    return { bytes: this.records, at: at + 2, length: (this.records[at] ?? 0) | ((this.records[at + 1] ?? 0) << 8) };
  }

  /** Every chunk's rows are consecutive and in chunk order, and no row is dead: a snapshot can take the columns as they are. */
  get isPacked(): boolean {
    return this.deadRows === 0 && this.sortedEnd === this.rowCount;
  }

  private setColumn(name: RowColumn, array: Typed): void {
    (this as unknown as Record<RowColumn, Typed>)[name] = array;
  }

  private copyRow(row: number, to: NameStore, at: number): void {
    // Column by column rather than through `rowColumns`: a loop over names is ~10× slower here.
    to.charsLo[at] = this.charsLo[row] ?? 0;
    to.charsHi[at] = this.charsHi[row] ?? 0;
    to.wordsLo[at] = this.wordsLo[row] ?? 0;
    to.wordsHi[at] = this.wordsHi[row] ?? 0;
    to.first[at] = this.first[row] ?? 0;
    to.size[at] = this.size[row] ?? 0;
    to.mtime[at] = this.mtime[row] ?? 0;
    to.folder[at] = this.folder[row] ?? 0;
    to.epoch[at] = this.epoch[row] ?? 0;
    // Three length-prefixed strings: id, name, version.
    let from = this.recStart[row] ?? 0;
    const start = from;
    for (let s = 0; s < 3; s++) from += 2 + ((this.records[from] ?? 0) | ((this.records[from + 1] ?? 0) << 8));
    to.recStart[at] = to.recordBytes;
    const records = this.records;
    const target = to.records;
    let out = to.recordBytes;
    for (let i = start; i < from; i++) target[out++] = records[i] ?? 0;
    to.recordBytes = out;
  }

  private same(row: number, item: IndexedItem): boolean {
    const stored = this.item(row);
    return (
      stored.name === item.name &&
      stored.path === item.path &&
      (stored.parentId ?? '') === (item.parentId ?? '') &&
      (stored.version ?? '') === (item.version ?? '') &&
      stored.size === item.size &&
      stored.modifiedAt === timeOf(item.modifiedAt)
    );
  }

  private runOf(row: number): number {
    return row < this.narrowEnd ? 0 : row < this.sortedEnd ? 1 : 2;
  }

  private countTiers(row: number, sign: number): void {
    this.tiers.change(
      this.runOf(row),
      this.charsLo[row] ?? 0,
      this.charsHi[row] ?? 0,
      this.wordsLo[row] ?? 0,
      this.wordsHi[row] ?? 0,
      this.first[row] ?? 0,
      sign,
    );
  }

  private kill(row: number): void {
    if (!this.alive[row]) return;
    this.countTiers(row, -1);
    const run = this.runOf(row);
    this.deadIn[run] = (this.deadIn[run] ?? 0) + 1;
    this.ids.delete(row);
    this.alive[row] = 0;
    this.liveCount--;
  }

  private append(item: IndexedItem, epoch: number): void {
    const row = this.rowCount;
    const need = row + 1;
    if (need > this.alive.length) {
      for (const name of rowColumns) this.setColumn(name, grown(this[name], need));
      this.alive = grown(this.alive, need);
    }

    this.recStart[row] = this.recordBytes;
    this.writeString(item.id);
    this.writeString(item.name);
    this.writeString(item.version ?? '');

    const folded = fold(item.name);
    const narrow = summarize(folded, bits);
    this.charsLo[row] = bits.charsLo;
    this.charsHi[row] = bits.charsHi;
    this.wordsLo[row] = bits.wordsLo;
    this.wordsHi[row] = bits.wordsHi;
    this.first[row] = bits.first;
    this.countTiers(row, 1);
    const kind = narrow ? 'narrow' : 'wide';
    let chunk = this.open[kind];
    if (!chunk || chunk.full) {
      chunk?.settle();
      chunk = new NameChunk(!narrow, row);
      this.chunks.push(chunk);
      this.open[kind] = chunk;
    }
    chunk.add(folded, row);

    this.size[row] = item.size ?? Number.NaN;
    const time = item.modifiedAt ? Date.parse(item.modifiedAt) : Number.NaN;
    this.mtime[row] = Number.isNaN(time) || time < 1000 ? noTime : Math.floor(time / 1000);
    this.folder[row] = this.folderOf(item.parentId ?? '', item.path);
    this.epoch[row] = epoch;
    this.alive[row] = 1;
    this.rowCount++;
    this.liveCount++;
    this.ids.insert(row);
  }

  /** Length (two bytes: names are at most 255 characters, ids a few hundred bytes), then UTF-8. */
  private writeString(value: string): void {
    this.records = grown(this.records, this.recordBytes + 2 + value.length * 3);
    const records = this.records;
    const at = this.recordBytes + 2;
    let written = 0;
    // Most ids, names and versions are ASCII: copied here, without a call into the encoder.
    while (written < value.length) {
      const code = value.charCodeAt(written);
      if (code >= 0x80) break;
      records[at + written] = code;
      written++;
    }
    if (written < value.length)
      written += encoder.encodeInto(value.slice(written), records.subarray(at + written, at + Math.min(value.length * 3, 0xffff))).written;
    records[this.recordBytes] = written & 0xff;
    records[this.recordBytes + 1] = written >> 8;
    this.recordBytes += 2 + written;
  }

  private folderOf(id: string, path: string): number {
    // Items arrive folder by folder: the last folder is usually the one.
    if (this.sameFolder(this.lastFolder, id, path)) return this.lastFolder;
    // Looked up by the short id first (no key string built per item); the same id under
    // another path (a renamed or moved folder) is looked up by both.
    let index = this.folderIndex.get(id) ?? -1;
    if (!this.sameFolder(index, id, path)) {
      const key = folderKey(id, path);
      index = this.folderIndex.get(key) ?? -1;
      if (index < 0) {
        this.folders.push({ id, path });
        index = this.folders.length - 1;
        this.folderIndex.set(key, index);
      }
      this.folderIndex.set(id, index);
    }
    this.lastFolder = index;
    return index;
  }

  private sameFolder(index: number, id: string, path: string): boolean {
    const folder = this.folders[index];
    return folder !== undefined && folder.id === id && folder.path === path;
  }
}

const folderKey = (id: string, path: string) => `${id}\0${path}`;

/** UTF-8 to a string; ASCII (most ids, names, versions) without a call into the decoder, which costs microseconds a call. */
function decodeRecord(bytes: Uint8Array): string {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] ?? 0) >= 0x80) return decoder.decode(bytes);
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/** Stored times are whole seconds, so compare in the form they come back in. */
function timeOf(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) || time < 1000 ? undefined : new Date(Math.floor(time / 1000) * 1000).toISOString();
}
