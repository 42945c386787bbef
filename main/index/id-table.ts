/**
 * Item id → row, as an open-addressing hash table over an Int32Array. A Map<string, number>
 * of a million ids costs ~60 bytes an entry (the key strings and the entries); this costs
 * 8–16 bytes, and the ids stay where they already are: UTF-8 in the store's records. The
 * slots are saved in the snapshot as they are, so loading does not hash a million ids.
 */

const empty = -1;
const deleted = -2;
const encoder = new TextEncoder();

/** Where the table reads a row's id: `length` bytes of `bytes` from `at`. */
export interface IdBytes {
  idBytes(row: number): { bytes: Uint8Array; at: number; length: number };
}

function hashBytes(bytes: Uint8Array, at: number, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = at; i < at + length; i++) {
    hash ^= bytes[i] ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export class IdTable {
  private slots: Int32Array<ArrayBuffer> = new Int32Array(1024).fill(empty);
  private used = 0;
  private scratch = new Uint8Array(1024);

  constructor(private readonly source: IdBytes) {}

  /** The slots as they are, for a snapshot. */
  get saved(): Int32Array<ArrayBuffer> {
    return this.slots;
  }

  /** Takes slots saved by `saved` over `count` rows (rows of a packed store: no tombstones). */
  adopt(slots: Int32Array<ArrayBuffer>, count: number): void {
    this.slots = slots;
    this.used = count;
  }

  find(id: string): number {
    if (this.scratch.length < id.length * 3) this.scratch = new Uint8Array(id.length * 3);
    const { written } = encoder.encodeInto(id, this.scratch);
    const mask = this.slots.length - 1;
    for (let slot = hashBytes(this.scratch, 0, written) & mask; ; slot = (slot + 1) & mask) {
      const row = this.slots[slot] ?? empty;
      if (row === empty) return -1;
      if (row !== deleted && this.equal(row, written)) return row;
    }
  }

  /** Adds a row whose id bytes are already in the store. */
  insert(row: number): void {
    if ((this.used + 1) * 2 > this.slots.length) this.resize(this.slots.length * 2);
    this.place(row);
    this.used++;
  }

  delete(row: number): void {
    const mask = this.slots.length - 1;
    for (let slot = this.hashRow(row) & mask; ; slot = (slot + 1) & mask) {
      const found = this.slots[slot] ?? empty;
      if (found === empty) return;
      if (found === row) {
        // A tombstone keeps the probe chains of later entries intact.
        this.slots[slot] = deleted;
        return;
      }
    }
  }

  /** Fills the table with rows 0..count-1 (after a compaction). */
  rebuild(count: number): void {
    let size = 1024;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size).fill(empty);
    this.used = 0;
    for (let row = 0; row < count; row++) {
      this.place(row);
      this.used++;
    }
  }

  private hashRow(row: number): number {
    const { bytes, at, length } = this.source.idBytes(row);
    return hashBytes(bytes, at, length);
  }

  private equal(row: number, length: number): boolean {
    const id = this.source.idBytes(row);
    if (id.length !== length) return false;
    for (let i = 0; i < length; i++) if (id.bytes[id.at + i] !== this.scratch[i]) return false;
    return true;
  }

  private place(row: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hashRow(row) & mask;
    while ((this.slots[slot] ?? empty) >= 0) slot = (slot + 1) & mask;
    this.slots[slot] = row;
  }

  private resize(size: number): void {
    const rows: number[] = [];
    for (const row of this.slots) if (row >= 0) rows.push(row);
    this.slots = new Int32Array(size).fill(empty);
    for (const row of rows) this.place(row);
    this.used = rows.length;
  }
}
