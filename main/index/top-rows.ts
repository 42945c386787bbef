/**
 * The best `capacity` rows of a query, best first: by tier (start of the name, start of a
 * word, inside a word), then newer first, then by row. A max-heap holds the worst kept row
 * on top, so a row that cannot make the page costs one comparison and nothing is sorted
 * but the page itself.
 */

const tierScale = 2 ** 32;

/** One number per (tier, modified time): smaller is better. Seconds fit in 32 bits. */
export const rankKey = (tier: number, mtime: number): number => tier * tierScale + (0xffff_ffff - mtime);

export class TopRows {
  private readonly keys: Float64Array;
  private readonly rows: Int32Array;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.keys = new Float64Array(capacity);
    this.rows = new Int32Array(capacity);
  }

  /** Whether a row with this key would be kept (lets a caller skip working out a finer tier). */
  wouldKeep(key: number, row: number): boolean {
    if (this.size < this.capacity) return this.capacity > 0;
    const top = this.keys[0] ?? 0;
    return key < top || (key === top && row < (this.rows[0] ?? 0));
  }

  offer(key: number, row: number): void {
    if (!this.wouldKeep(key, row)) return;
    if (this.size < this.capacity) {
      this.keys[this.size] = key;
      this.rows[this.size] = row;
      this.up(this.size++);
    } else {
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

  /** a is worse than b (belongs nearer the top of the max-heap). */
  private worse(a: number, b: number): boolean {
    const ka = this.keys[a] ?? 0;
    const kb = this.keys[b] ?? 0;
    return ka > kb || (ka === kb && (this.rows[a] ?? 0) > (this.rows[b] ?? 0));
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
      if (!this.worse(at, parent)) return;
      this.swap(parent, at);
      at = parent;
    }
  }

  private down(at: number): void {
    for (;;) {
      const left = at * 2 + 1;
      const right = left + 1;
      let worst = at;
      if (left < this.size && this.worse(left, worst)) worst = left;
      if (right < this.size && this.worse(right, worst)) worst = right;
      if (worst === at) return;
      this.swap(worst, at);
      at = worst;
    }
  }
}
