import { AppError } from '../shared/app-error';

export interface RetryPolicy {
  /** How many times a throttled or unavailable answer is retried. */
  maxRetries: number;
  /** A longer Retry-After than this is reported to the user instead of waited out. */
  maxWaitSeconds: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const defaultRetryPolicy: RetryPolicy = { maxRetries: 3, maxWaitSeconds: 30 };

const retryable = new Set([429, 503, 504]);

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After is either seconds or an HTTP date; both providers send seconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    const seconds = Number(value);
    return seconds >= 0 ? seconds : undefined;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * fetch that honours 429/503/504 with Retry-After (exponential back-off when absent), a
 * bounded number of times. The body of a retried request must be replayable (string or
 * URLSearchParams), which is all our API calls send.
 */
export async function fetchWithRetry(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit & { signal: AbortSignal },
  policy: RetryPolicy = defaultRetryPolicy,
): Promise<Response> {
  const sleep = policy.sleep ?? abortableSleep;
  for (let attempt = 0; ; attempt++) {
    const response = await fetchFn(url, init);
    if (!retryable.has(response.status)) return response;
    const retryAfter = parseRetryAfter(response.headers.get('retry-after')) ?? 2 ** attempt;
    if (attempt >= policy.maxRetries || retryAfter > policy.maxWaitSeconds) {
      await response.body?.cancel();
      throw new AppError({
        code: response.status === 429 ? 'rate_limited' : 'service_unavailable',
        message:
          response.status === 429
            ? 'The service is limiting how fast Skyhook may search right now.'
            : 'The service is temporarily unavailable.',
        fix: `Wait about ${Math.max(1, Math.round(retryAfter))} seconds and try again.`,
        retryAfter,
      });
    }
    await response.body?.cancel();
    await sleep(retryAfter * 1000, init.signal);
  }
}
