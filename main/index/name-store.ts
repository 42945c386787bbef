import type { IndexChange, IndexedItem } from './index-source';
import { fold, matchTier } from './fold';
import { IdTable } from './id-table';
import { exactChar, mayStartAWord, querySignature, signatureWords, startsAWord, writeSignature } from './name-signature';

/**
 * The names of one connection, held in columns rather than one object per item: a million
 * items as objects (strings, a Map, boxed numbers) cost several hundred bytes each, over
 * the budget of ~150. Rows are appended and never moved until a compaction; a changed item
 * is a dead row plus a new one.
 *
 * - folded names: in chunk strings, "\0" after each; one-byte chunks for names that fold
 *   to Latin-1 and two-byte ones for the rest, so a few CJK names do not double the size
 *   of every chunk;
 * - a signature per name (name-signature.ts) that rules most rows out without a string;
 * - id, name, version: UTF-8 in one byte buffer, found through `recStart`;
 * - size, modified time, folder, crawl epoch: typed arrays;
 * - folders (id + display path): a small table, shared by the items inside.
 */

/** Characters per chunk string: large enough to be few, small enough to rebuild cheaply. */
const chunkChars = 1 << 19;
const noTime = 0;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface StoredItem {
  id: string;
  name: string;
  parentId?: string;
  path: string;
  size?: number;
  modifiedAt?: string;
  version?: string;
}

export interface QueryResult {
  rows: number[];
  total: number;
}

/** What a snapshot holds: the live rows, packed. */
export interface StoreColumns {
  rows: number;
  recStart: Uint32Array<ArrayBuffer>;
  records: Uint8Array<ArrayBuffer>;
  foldStart: Uint32Array<ArrayBuffer>;
  foldChunk: Uint16Array<ArrayBuffer>;
  chunks: string[];
  signatures: Uint32Array<ArrayBuffer>;
  size: Float64Array<ArrayBuffer>;
  /** Seconds since 1970 (0: unknown): half the bytes of milliseconds, and enough to rank by. */
  mtime: Uint32Array<ArrayBuffer>;
  folder: Uint32Array<ArrayBuffer>;
  epoch: Uint16Array<ArrayBuffer>;
  folders: Array<{ id: string; path: string }>;
}

type Column = Uint32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

function grown<T extends Column>(array: T, needed: number, make: (n: number) => T): T {
  if (needed <= array.length) return array;
  const next = make(Math.max(needed, array.length * 2, 1024));
  next.set(array);
  return next;
}

const isNarrow = (text: string): boolean => !/[^\0-\xff]/u.test(text);

export class NameStore {
  private rowCount = 0;
  private liveCount = 0;
  private recStart = new Uint32Array(0);
  private records = new Uint8Array(0);
  private recordBytes = 0;
  private foldStart = new Uint32Array(0);
  private foldChunk = new Uint16Array(0);
  private chunks: string[] = [];
  /** The chunk each kind of name is appended to now. */
  private open = { narrow: -1, wide: -1 };
  private signatures = new Uint32Array(0);
  private size = new Float64Array(0);
  private mtime = new Uint32Array(0);
  private folder = new Uint32Array(0);
  private epoch = new Uint16Array(0);
  private alive = new Uint8Array(0);
  private folders: Array<{ id: string; path: string }> = [];
  private folderIndex = new Map<string, number>();
  private lastFolder = { id: '', path: '', index: -1 };
  private ids = new IdTable((row) => this.idBytes(row));

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
   * name, then at the start of a word, then inside one; newer first within each.
   */
  query(words: readonly string[], offset: number, limit: number): QueryResult {
    const first = words[0];
    if (first === undefined) return { rows: [], total: 0 };
    const want = querySignature(words);
    // As signed 32-bit values, as `&` returns them.
    const [c0, c1, p0, p1] = [(want[0] ?? 0) | 0, (want[1] ?? 0) | 0, (want[2] ?? 0) | 0, (want[3] ?? 0) | 0];
    // One exact character (a letter, a digit, "_"…): the signature alone decides.
    const single = words.length === 1 && first.length === 1 && exactChar(first.charCodeAt(0)) ? first.charCodeAt(0) : -1;
    const sig = this.signatures;
    const top = new TopRows(offset + limit);
    let total = 0;
    for (let row = 0, at = 0; row < this.rowCount; row++, at += signatureWords) {
      if (((sig[at] ?? 0) & c0) !== c0 || ((sig[at + 1] ?? 0) & c1) !== c1) continue;
      if (((sig[at + 2] ?? 0) & p0) !== p0 || ((sig[at + 3] ?? 0) & p1) !== p1) continue;
      if (!this.alive[row]) continue;
      const text = this.chunks[this.foldChunk[row] ?? 0] ?? '';
      const start = this.foldStart[row] ?? 0;
      let tier: number;
      if (single >= 0) {
        tier = singleTier(text.charCodeAt(start) === single, sig[at + 4] ?? 0, single, () => matchTier(this.foldedAt(text, start), first));
      } else {
        const name = this.foldedAt(text, start);
        if (!words.every((w) => name.includes(w))) continue;
        tier = matchTier(name, first);
      }
      total++;
      top.offer(tier * 1e10 + (1e10 - 1 - (this.mtime[row] ?? 0)), row);
    }
    return { rows: top.sorted().slice(offset), total };
  }

  item(row: number): StoredItem {
    let at = this.recStart[row] ?? 0;
    const read = () => {
      const length = (this.records[at] ?? 0) | ((this.records[at + 1] ?? 0) << 8);
      const value = decoder.decode(this.records.subarray(at + 2, at + 2 + length));
      at += 2 + length;
      return value;
    };
    const id = read();
    const name = read();
    const version = read();
    const folder = this.folders[this.folder[row] ?? 0] ?? { id: '', path: '' };
    const size = this.size[row] ?? Number.NaN;
    const time = this.mtime[row] ?? noTime;
    return {
      id,
      name,
      path: folder.path,
      ...(folder.id ? { parentId: folder.id } : {}),
      ...(Number.isNaN(size) ? {} : { size }),
      ...(time === noTime ? {} : { modifiedAt: new Date(time * 1000).toISOString() }),
      ...(version ? { version } : {}),
    };
  }

  has(id: string): boolean {
    return this.ids.find(id) >= 0;
  }

  /**
   * Appends build rope strings; flattening the open chunks once per batch keeps the next
   * query from paying for it and frees the rope's nodes.
   */
  settle(): void {
    for (const chunk of [this.open.narrow, this.open.wide]) if (chunk >= 0) flatten(this.chunks[chunk] ?? '');
  }

  /** Rows that are dead weight; a compaction pays off once they are many. */
  get deadRows(): number {
    return this.rowCount - this.liveCount;
  }

  /** Only the live rows, packed: what a snapshot holds. */
  columns(): StoreColumns {
    const packed = this.deadRows > 0 ? this.compacted() : this;
    packed.settle();
    const n = packed.rowCount;
    return {
      rows: n,
      recStart: packed.recStart.subarray(0, n),
      records: packed.records.subarray(0, packed.recordBytes),
      foldStart: packed.foldStart.subarray(0, n),
      foldChunk: packed.foldChunk.subarray(0, n),
      chunks: packed.chunks,
      signatures: packed.signatures.subarray(0, n * signatureWords),
      size: packed.size.subarray(0, n),
      mtime: packed.mtime.subarray(0, n),
      folder: packed.folder.subarray(0, n),
      epoch: packed.epoch.subarray(0, n),
      folders: packed.folders,
    };
  }

  static fromColumns(c: StoreColumns): NameStore {
    const store = new NameStore();
    store.rowCount = c.rows;
    store.liveCount = c.rows;
    store.recStart = c.recStart;
    store.records = c.records;
    store.recordBytes = c.records.length;
    store.foldStart = c.foldStart;
    store.foldChunk = c.foldChunk;
    store.chunks = c.chunks;
    // New names go to fresh chunks; the loaded ones stay as they are.
    store.open = { narrow: -1, wide: -1 };
    store.signatures = c.signatures;
    store.size = c.size;
    store.mtime = c.mtime;
    store.folder = c.folder;
    store.epoch = c.epoch;
    store.alive = new Uint8Array(c.rows).fill(1);
    store.folders = c.folders;
    c.folders.forEach((f, index) => store.folderIndex.set(folderKey(f.id, f.path), index));
    store.ids.rebuild(c.rows, () => true);
    return store;
  }

  /** A copy without the dead rows. */
  compacted(): NameStore {
    const next = new NameStore();
    for (let row = 0; row < this.rowCount; row++) if (this.alive[row]) next.append(this.item(row), this.epoch[row] ?? 0);
    return next;
  }

  private foldedAt(text: string, start: number): string {
    return text.slice(start, text.indexOf('\0', start));
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

  private kill(row: number): void {
    if (!this.alive[row]) return;
    this.ids.delete(row);
    this.alive[row] = 0;
    this.liveCount--;
  }

  private append(item: IndexedItem, epoch: number): void {
    const row = this.rowCount;
    const need = row + 1;
    this.recStart = grown(this.recStart, need, (n) => new Uint32Array(n));
    this.foldStart = grown(this.foldStart, need, (n) => new Uint32Array(n));
    this.foldChunk = grown(this.foldChunk, need, (n) => new Uint16Array(n));
    this.signatures = grown(this.signatures, need * signatureWords, (n) => new Uint32Array(n));
    this.size = grown(this.size, need, (n) => new Float64Array(n));
    this.mtime = grown(this.mtime, need, (n) => new Uint32Array(n));
    this.folder = grown(this.folder, need, (n) => new Uint32Array(n));
    this.epoch = grown(this.epoch, need, (n) => new Uint16Array(n));
    this.alive = grown(this.alive, need, (n) => new Uint8Array(n));

    this.recStart[row] = this.recordBytes;
    this.writeString(item.id);
    this.writeString(item.name);
    this.writeString(item.version ?? '');

    const folded = fold(item.name);
    const kind = isNarrow(folded) ? 'narrow' : 'wide';
    let chunk = this.open[kind];
    if (chunk < 0 || (this.chunks[chunk] ?? '').length > chunkChars) {
      chunk = this.chunks.length;
      this.chunks.push('');
      this.open[kind] = chunk;
    }
    const text = this.chunks[chunk] ?? '';
    this.foldChunk[row] = chunk;
    this.foldStart[row] = text.length;
    this.chunks[chunk] = text + folded + '\0';
    writeSignature(folded, this.signatures, row * signatureWords);

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

  private writeString(value: string): void {
    // Lengths are two bytes: names are at most 255 characters, ids a few hundred bytes.
    this.records = grown(this.records, this.recordBytes + 2 + value.length * 3, (n) => new Uint8Array(n));
    const target = this.records.subarray(this.recordBytes + 2, this.recordBytes + 2 + Math.min(value.length * 3, 0xffff));
    const { written } = encoder.encodeInto(value, target);
    this.records[this.recordBytes] = written & 0xff;
    this.records[this.recordBytes + 1] = written >> 8;
    this.recordBytes += 2 + written;
  }

  private idBytes(row: number): Uint8Array {
    const at = this.recStart[row] ?? 0;
    const length = (this.records[at] ?? 0) | ((this.records[at + 1] ?? 0) << 8);
    return this.records.subarray(at + 2, at + 2 + length);
  }

  private folderOf(id: string, path: string): number {
    // Items arrive folder by folder: the last folder is usually the one.
    if (this.lastFolder.index >= 0 && this.lastFolder.id === id && this.lastFolder.path === path) return this.lastFolder.index;
    const key = folderKey(id, path);
    let index = this.folderIndex.get(key);
    if (index === undefined) {
      this.folders.push({ id, path });
      index = this.folders.length - 1;
      this.folderIndex.set(key, index);
    }
    this.lastFolder = { id, path, index };
    return index;
  }
}

/**
 * The tier of a one-character query from the signature: letters are exact there; a digit
 * only needs the name read when its shared word-start bit is set; punctuation never
 * starts a word.
 */
function singleTier(atStart: boolean, wordBits: number, code: number, slow: () => number): number {
  if (atStart) return 0;
  if (code >= 97 && code <= 122) return startsAWord(wordBits, code) ? 1 : 2;
  if (code >= 48 && code <= 57) return mayStartAWord(wordBits, code) ? slow() : 2;
  return 2;
}

/** `indexOf` makes V8 flatten a rope in place. */
function flatten(text: string): void {
  text.indexOf('\u0001');
}

const folderKey = (id: string, path: string) => `${id}\0${path}`;

/** Stored times are whole seconds, so compare in the form they come back in. */
function timeOf(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) || time < 1000 ? undefined : new Date(Math.floor(time / 1000) * 1000).toISOString();
}

/** The best `capacity` rows by (key, row), kept in a max-heap so most offers cost one comparison. */
class TopRows {
  private readonly keys: Float64Array;
  private readonly rows: Int32Array;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.keys = new Float64Array(capacity);
    this.rows = new Int32Array(capacity);
  }

  offer(key: number, row: number): void {
    if (this.capacity === 0) return;
    if (this.size < this.capacity) {
      this.keys[this.size] = key;
      this.rows[this.size] = row;
      this.up(this.size++);
    } else if (this.less(key, row, 0)) {
      this.keys[0] = key;
      this.rows[0] = row;
      this.down(0);
    }
  }

  sorted(): number[] {
    const order = Array.from({ length: this.size }, (_, i) => i);
    order.sort((a, b) => (this.keys[a] ?? 0) - (this.keys[b] ?? 0) || (this.rows[a] ?? 0) - (this.rows[b] ?? 0));
    return order.map((i) => this.rows[i] ?? 0);
  }

  private less(key: number, row: number, at: number): boolean {
    const k = this.keys[at] ?? 0;
    return key < k || (key === k && row < (this.rows[at] ?? 0));
  }

  private swap(a: number, b: number): void {
    const k = this.keys[a] ?? 0;
    const r = this.rows[a] ?? 0;
    this.keys[a] = this.keys[b] ?? 0;
    this.rows[a] = this.rows[b] ?? 0;
    this.keys[b] = k;
    this.rows[b] = r;
  }

  private up(at: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.less(this.keys[parent] ?? 0, this.rows[parent] ?? 0, at)) return;
      this.swap(parent, at);
      at = parent;
    }
  }

  private down(at: number): void {
    for (;;) {
      const left = at * 2 + 1;
      const right = left + 1;
      let largest = at;
      if (left < this.size && this.less(this.keys[largest] ?? 0, this.rows[largest] ?? 0, left)) largest = left;
      if (right < this.size && this.less(this.keys[largest] ?? 0, this.rows[largest] ?? 0, right)) largest = right;
      if (largest === at) return;
      this.swap(largest, at);
      at = largest;
    }
  }
}
