/**
 * Item id → row, as an open-addressing hash table over an Int32Array. A Map<string, number>
 * of a million ids costs ~60 bytes an entry (the key strings and the entries); this costs
 * 8–16 bytes, and the ids stay where they already are: UTF-8 in the store's records.
 */

const empty = -1;
const deleted = -2;
const encoder = new TextEncoder();

function hashBytes(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i] ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class IdTable {
  private slots = new Int32Array(1024).fill(empty);
  private used = 0;
  private scratch = new Uint8Array(1024);

  /** `idOf(row)` reads a row's id bytes from the store. */
  constructor(private readonly idOf: (row: number) => Uint8Array) {}

  find(id: string): number {
    const bytes = this.encode(id);
    const mask = this.slots.length - 1;
    for (let slot = hashBytes(bytes) & mask; ; slot = (slot + 1) & mask) {
      const row = this.slots[slot] ?? empty;
      if (row === empty) return -1;
      if (row !== deleted && equal(this.idOf(row), bytes)) return row;
    }
  }

  /** Adds a row whose id bytes are already in the store. */
  insert(row: number): void {
    if ((this.used + 1) * 2 > this.slots.length) this.resize(this.slots.length * 2);
    this.place(row);
    this.used++;
  }

  delete(row: number): void {
    const bytes = this.idOf(row);
    const mask = this.slots.length - 1;
    for (let slot = hashBytes(bytes) & mask; ; slot = (slot + 1) & mask) {
      const found = this.slots[slot] ?? empty;
      if (found === empty) return;
      if (found === row) {
        // A tombstone keeps the probe chains of later entries intact.
        this.slots[slot] = deleted;
        return;
      }
    }
  }

  /** Fills the table with rows 0..count-1 that pass `keep` (after loading or a compaction). */
  rebuild(count: number, keep: (row: number) => boolean): void {
    let size = 1024;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size).fill(empty);
    this.used = 0;
    for (let row = 0; row < count; row++) {
      if (!keep(row)) continue;
      this.place(row);
      this.used++;
    }
  }

  private place(row: number): void {
    const mask = this.slots.length - 1;
    let slot = hashBytes(this.idOf(row)) & mask;
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

  private encode(id: string): Uint8Array {
    if (this.scratch.length < id.length * 3) this.scratch = new Uint8Array(id.length * 3);
    const { written } = encoder.encodeInto(id, this.scratch);
    return this.scratch.subarray(0, written);
  }
}
