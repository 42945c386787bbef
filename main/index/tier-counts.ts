/**
 * For each run of rows (run-order.ts), each exact character (bits 0–39 of char-summary.ts)
 * and each ranking tier, how many live rows hold that character: a one-character query
 * knows its total without reading a row, and knows when the rows it has read in newest-
 * first order already make up its page.
 */

export const exactBits = 40;
export const runCount = 3;

export class TierCounts {
  readonly counts: Int32Array<ArrayBuffer>;

  constructor(saved?: readonly number[]) {
    this.counts = new Int32Array(runCount * exactBits * 3);
    if (saved) this.counts.set(saved.slice(0, this.counts.length));
  }

  /** Adds (+1) or takes away (-1) one row's characters. */
  change(run: number, chars: number, charsHigh: number, words: number, wordsHigh: number, first: number, sign: number): void {
    const base = run * exactBits * 3;
    for (let bits = chars, high = 0; high < 2; high++, bits = charsHigh) {
      const wordBits = high ? wordsHigh : words;
      while (bits !== 0) {
        const low = bits & -bits;
        const bit = 31 - Math.clz32(low) + high * 32;
        bits ^= low;
        if (bit >= exactBits) continue;
        const tier = first === bit ? 0 : (wordBits & low) !== 0 ? 1 : 2;
        const at = base + bit * 3 + tier;
        this.counts[at] = (this.counts[at] ?? 0) + sign;
      }
    }
  }

  /** [tier 0, tier 1, tier 2] of `bit` in `run`. */
  of(run: number, bit: number): [number, number, number] {
    const at = run * exactBits * 3 + bit * 3;
    return [this.counts[at] ?? 0, this.counts[at + 1] ?? 0, this.counts[at + 2] ?? 0];
  }

  /** Live rows holding the character of `bit`, in every run and tier. */
  rowsWith(bit: number): number {
    let rows = 0;
    for (let run = 0; run < runCount; run++)
      for (let tier = 0; tier < 3; tier++) rows += this.counts[run * exactBits * 3 + bit * 3 + tier] ?? 0;
    return rows;
  }

  /** The sorted runs' counts, for a snapshot (the tail is empty after packing). */
  saved(): number[] {
    return Array.from(this.counts.subarray(0, 2 * exactBits * 3));
  }
}

/**
 * Live rows sorted newest first (by modified time, then by row), with a two-pass radix
 * sort on the 32-bit time: a comparison sort of a million rows takes ~10× longer.
 */
export function newestFirst(rows: Uint32Array<ArrayBuffer>, mtime: Uint32Array): Uint32Array<ArrayBuffer> {
  const key = (row: number) => 0xffff_ffff - (mtime[row] ?? 0);
  let from = rows;
  let to = new Uint32Array(rows.length);
  for (const shift of [0, 16]) {
    const counts = new Uint32Array(65_537);
    for (const row of from) {
      const bucket = ((key(row) >>> shift) & 0xffff) + 1;
      counts[bucket] = (counts[bucket] ?? 0) + 1;
    }
    for (let i = 1; i < counts.length; i++) counts[i] = (counts[i] ?? 0) + (counts[i - 1] ?? 0);
    for (const row of from) {
      const bucket = (key(row) >>> shift) & 0xffff;
      const at = counts[bucket] ?? 0;
      to[at] = row;
      counts[bucket] = at + 1;
    }
    [from, to] = [to, from];
  }
  return from;
}
