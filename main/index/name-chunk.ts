import { addGrams, gramWords } from './gram-filter';

/**
 * Folded names in one string, "\0" after each, with where each starts and whose row it is.
 * A query searches the whole string with `indexOf` (which V8 runs as a vectorised scan)
 * and turns a hit's position into a row by binary search over `starts`, so a name that
 * does not match costs nothing at all.
 *
 * Each chunk also keeps which pairs and triples of characters its names hold (gram-filter.ts),
 * so a query skips every chunk that lacks one of its words' pairs or triples without reading
 * its text. Chunks are small (~560 names) for that: a rare word passes few of them.
 *
 * One-byte chunks hold names that fold to Latin-1 and two-byte ones the rest, so a few
 * CJK names do not double the size of every chunk. Rows of a chunk are `rowBase + i`
 * while they are consecutive (always after a snapshot); `rows` lists them once they are
 * not (narrow and wide names appended in turn).
 */

/**
 * Characters per chunk: small enough that a rare word's pairs and triples are missing from
 * most chunks, large enough that a common word, which is in every chunk, pays little for
 * going chunk by chunk (measured: at 8 K characters such words took 15–30 % longer than in
 * chunks of 512 K, at 16 K about the same).
 */
export const chunkChars = 1 << 14;

const grow = (array: Uint32Array<ArrayBuffer>, needed: number): Uint32Array<ArrayBuffer> => {
  if (needed <= array.length) return array;
  const next = new Uint32Array(Math.max(needed, Math.ceil(array.length * 1.5), 64));
  next.set(array);
  return next;
};

export class NameChunk {
  text = '';
  count = 0;
  starts: Uint32Array<ArrayBuffer>;
  /** The pairs and triples of characters in the chunk's names (gram-filter.ts). */
  readonly grams: Int32Array<ArrayBuffer>;
  rows: Uint32Array<ArrayBuffer> | undefined;
  private pending: string[] = [];
  private pendingChars = 0;

  /**
   * `sorted`: a chunk of a packed store, whose rows are consecutive and newest first, and
   * continue those of the chunk before it of the same kind (name-query.ts reads only as
   * far into such a run as the page needs).
   */
  constructor(
    readonly wide: boolean,
    readonly rowBase: number,
    loaded?: { text: string; starts: Uint32Array<ArrayBuffer>; grams?: Int32Array<ArrayBuffer> },
    readonly sorted = false,
  ) {
    this.starts = loaded?.starts ?? new Uint32Array(0);
    this.grams = loaded?.grams ?? new Int32Array(gramWords);
    if (loaded) {
      this.text = loaded.text;
      this.count = loaded.starts.length;
      if (!loaded.grams) addGrams(this.grams, loaded.text);
    }
  }

  get length(): number {
    return this.text.length + this.pendingChars;
  }

  /** Full: new names go to a new chunk. */
  get full(): boolean {
    return this.length >= chunkChars;
  }

  add(folded: string, row: number): void {
    this.starts = grow(this.starts, this.count + 1);
    this.starts[this.count] = this.length;
    if (this.rows === undefined && row !== this.rowBase + this.count) {
      // No longer consecutive: list every row from here on.
      this.rows = new Uint32Array(Math.max(64, this.count * 2));
      for (let i = 0; i < this.count; i++) this.rows[i] = this.rowBase + i;
    }
    if (this.rows) {
      this.rows = grow(this.rows, this.count + 1);
      this.rows[this.count] = row;
    }
    addGrams(this.grams, folded);
    this.pending.push(folded, '\0');
    this.pendingChars += folded.length + 1;
    this.count++;
  }

  /** Joins what was added since the last call into the text, as one flat string. */
  settle(): void {
    if (this.pending.length === 0) return;
    this.text += this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    // `indexOf` makes V8 flatten the concatenation now rather than in the next query.
    this.text.indexOf('\u0001');
  }

  rowAt(i: number): number {
    return this.rows ? (this.rows[i] ?? 0) : this.rowBase + i;
  }

  /** Where name `i` ends: the position of its "\0". */
  endOf(i: number): number {
    return (i + 1 < this.count ? (this.starts[i + 1] ?? 0) : this.text.length) - 1;
  }

  /** The name holding position `pos`, looking forward from name `from` (hits come in order). */
  locate(pos: number, from: number): number {
    const starts = this.starts;
    let lo = from;
    let hi = lo + 1;
    // Gallop: the next hit is usually near the last one.
    let step = 1;
    while (hi < this.count && (starts[hi] ?? 0) <= pos) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    if (hi > this.count) hi = this.count;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] ?? 0) <= pos) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** Exactly-sized starts (for a snapshot). */
  packedStarts(): Uint32Array<ArrayBuffer> {
    return this.starts.length === this.count ? this.starts : this.starts.slice(0, this.count);
  }
}
