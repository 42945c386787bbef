import { WaitRequestedError } from '../index/index-source';
import { AppError } from '../shared/app-error';

/**
 * Small pieces both cloud index sources (Box, OneDrive) share: turning a "please wait"
 * answer into WaitRequestedError, and remembering recently seen IDs.
 */

/**
 * The HTTP layers already wait out short Retry-Afters (a few seconds, bounded); a longer
 * one arrives as an AppError with `retryAfter`, which the index shows as "Paused until…".
 */
export function asWaitRequest(error: unknown, now: () => number = Date.now): unknown {
  if (
    error instanceof AppError &&
    (error.code === 'rate_limited' || error.code === 'service_unavailable') &&
    error.retryAfter !== undefined
  ) {
    return new WaitRequestedError(new Date(now() + error.retryAfter * 1000));
  }
  return error;
}

/** A set that forgets its oldest entries beyond `capacity` (Box's SDKs keep 1000 event IDs). */
export class RecentSet {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 1000) {}

  /** True the first time `id` is offered (within the last `capacity` IDs). */
  add(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value as string);
    return true;
  }
}
