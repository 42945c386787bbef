/** The search field's: long enough to skip the requests for half-typed words, short enough to feel immediate. */
export const searchDebounceMs = 180;

/**
 * Debounce with a leading edge: the first change after a quiet spell passes at once (the
 * first keystroke after a pause searches immediately), changes that follow it quickly wait
 * until typing pauses. Framework-free so it can be tested with a clock.
 */
export class LeadingDebounce<T> {
  private last: { value: T | undefined; at: number; atOnce: boolean } = { value: undefined, at: Number.NEGATIVE_INFINITY, atOnce: true };

  constructor(
    private readonly quietMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Whether `value` passes at once. Asking again about the same value gives the same
   * answer, so calling it on every render of the same value is safe.
   */
  passesAtOnce(value: T): boolean {
    if (Object.is(value, this.last.value)) return this.last.atOnce;
    const now = this.now();
    const atOnce = now - this.last.at >= this.quietMs;
    this.last = { value, at: now, atOnce };
    return atOnce;
  }
}
