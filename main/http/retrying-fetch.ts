import { AppError } from '../shared/app-error';
import { requestTimeouts, timedFetch, type RequestTimeouts } from './request-timeouts';

export interface RetryPolicy {
  /** How many times a throttled or unavailable answer is retried. */
  maxRetries: number;
  /** A longer Retry-After than this is reported to the user instead of waited out. */
  maxWaitSeconds: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Defaults to `requestTimeouts.api`. */
  timeouts?: RequestTimeouts;
}

export const defaultRetryPolicy: RetryPolicy = { maxRetries: 3, maxWaitSeconds: 30 };

const retryable = new Set([429, 503, 504]);
/** Server faults that are usually gone a moment later: retried, then handed to the caller to explain. */
const serverFaults = new Set([500, 502]);
/** Transport failures that mean "the connection broke", not "the host is wrong". */
/** No Retry-After comes with these: half a second, then one, then two. */
const faultBackoffMs = (attempt: number) => 2 ** attempt * 500;
const brokenConnection = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ERR_CONNECTION_RESET']);

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
 * bounded number of times; retries 500/502 and, for GET/HEAD, a connection reset the same
 * bounded way; and gives every request a deadline for its answer and an idle limit on its
 * body (`timeouts`). The body of a retried request must be replayable (string or
 * URLSearchParams), which is all our API calls send.
 */
export async function fetchWithRetry(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit & { signal: AbortSignal },
  policy: RetryPolicy = defaultRetryPolicy,
): Promise<Response> {
  const sleep = policy.sleep ?? abortableSleep;
  const timeouts = policy.timeouts ?? requestTimeouts.api;
  // A POST that broke may have been carried out (a refresh token rotated): never replayed.
  const replayable = ['GET', 'HEAD'].includes((init.method ?? 'GET').toUpperCase());
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await timedFetch(fetchFn, url, init, timeouts);
    } catch (error) {
      if (init.signal.aborted || !replayable || !isBrokenConnection(error) || attempt >= policy.maxRetries) throw error;
      await sleep(faultBackoffMs(attempt), init.signal);
      continue;
    }
    if (serverFaults.has(response.status) && attempt < policy.maxRetries) {
      await response.body?.cancel();
      await sleep(faultBackoffMs(attempt), init.signal);
      continue;
    }
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

/** A reset or closed socket, whether Node (undici) or Chromium reports it. */
export function isBrokenConnection(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause && depth < 4; cause = (cause as { cause?: unknown }).cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && brokenConnection.has(code)) return true;
    if (cause instanceof Error && /net::ERR_CONNECTION_(RESET|CLOSED)/.test(cause.message)) return true;
  }
  return false;
}
