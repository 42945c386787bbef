import { abortableSleep } from '../../http/retrying-fetch';

/**
 * Keeps our own request rate under Box's documented general limit of 1000 API requests
 * per minute per user (developer.box.com/guides/api-calls/permissions-and-errors/rate-limits;
 * search has its own, lower limits: 6/s and 60/min per user). We allow `limit` requests in
 * any sliding `windowMs` (by default 900 per minute, leaving room for the person searching
 * at the same time), so a crawl of 100 000 items (about 100 requests) never waits, and one
 * of a million paces itself instead of collecting 429s.
 */
export class RequestWindow {
  private readonly starts: number[] = [];

  constructor(
    private readonly limit = 900,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void> = abortableSleep,
  ) {}

  async take(signal: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.now();
      let oldest = this.starts[0];
      while (oldest !== undefined && oldest <= now - this.windowMs) {
        this.starts.shift();
        oldest = this.starts[0];
      }
      if (oldest === undefined || this.starts.length < this.limit) {
        this.starts.push(now);
        return;
      }
      await this.sleep(oldest + this.windowMs - now, signal);
    }
  }
}
