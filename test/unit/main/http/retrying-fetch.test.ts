import { afterEach, describe, expect, it, vi } from 'vitest';
import { abortableSleep, fetchWithRetry, parseRetryAfter, type RetryPolicy } from '../../../../main/http/retrying-fetch';
import { AppError } from '../../../../main/shared/app-error';

const url = 'http://127.0.0.1:9/2.0/search';

/** A fetch that answers from a script, one response per call, and counts the calls. */
function scriptedFetch(...replies: Array<() => Response>) {
  const calls: string[] = [];
  const fn = (async (input: string | URL | Request) => {
    calls.push(String(input));
    const next = replies[Math.min(calls.length - 1, replies.length - 1)];
    if (!next) throw new Error('no reply scripted');
    return next();
  }) as typeof fetch;
  return { fn, calls };
}

const status = (code: number, retryAfter?: string) => () =>
  new Response(`status ${code}`, { status: code, headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter } });

function recordingSleep() {
  const waits: number[] = [];
  const sleep: RetryPolicy['sleep'] = async (ms) => void waits.push(ms);
  return { waits, sleep };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe('fetchWithRetry', () => {
  it('returns a successful answer at once', async () => {
    const { fn, calls } = scriptedFetch(() => new Response('ok'));
    const { waits, sleep } = recordingSleep();
    const response = await fetchWithRetry(fn, url, { signal: new AbortController().signal }, { maxRetries: 3, maxWaitSeconds: 30, sleep });
    expect(await response.text()).toBe('ok');
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('retries a 429 once after waiting the Retry-After seconds, then returns the 200', async () => {
    const { fn, calls } = scriptedFetch(status(429, '7'), () => new Response('found'));
    const { waits, sleep } = recordingSleep();
    const response = await fetchWithRetry(fn, url, { signal: new AbortController().signal }, { maxRetries: 3, maxWaitSeconds: 30, sleep });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('found');
    expect(calls).toEqual([url, url]);
    expect(waits).toEqual([7000]);
  });

  it('backs off exponentially when there is no Retry-After', async () => {
    const { fn } = scriptedFetch(status(503), status(504), status(429), () => new Response('ok'));
    const { waits, sleep } = recordingSleep();
    const response = await fetchWithRetry(fn, url, { signal: new AbortController().signal }, { maxRetries: 3, maxWaitSeconds: 30, sleep });
    expect(response.status).toBe(200);
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it('gives up after maxRetries with rate_limited and the retryAfter', async () => {
    const { fn, calls } = scriptedFetch(status(429, '2'));
    const { waits, sleep } = recordingSleep();
    const error = await rejection(
      fetchWithRetry(fn, url, { signal: new AbortController().signal }, { maxRetries: 2, maxWaitSeconds: 30, sleep }),
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).toShape()).toMatchObject({
      code: 'rate_limited',
      retryAfter: 2,
      fix: 'Wait about 2 seconds and try again.',
    });
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([2000, 2000]);
  });

  it('reports a Retry-After longer than maxWaitSeconds at once instead of waiting', async () => {
    const { fn, calls } = scriptedFetch(status(429, '120'));
    const { waits, sleep } = recordingSleep();
    const error = await rejection(
      fetchWithRetry(fn, url, { signal: new AbortController().signal }, { maxRetries: 3, maxWaitSeconds: 30, sleep }),
    );
    expect((error as AppError).code).toBe('rate_limited');
    expect((error as AppError).retryAfter).toBe(120);
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('reports a 503 that does not recover as service_unavailable', async () => {
    const { fn, calls } = scriptedFetch(status(503, '1'));
    const { sleep } = recordingSleep();
    const error = await rejection(
      fetchWithRetry(fn, url, { signal: new AbortController().signal }, { maxRetries: 1, maxWaitSeconds: 30, sleep }),
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('service_unavailable');
    expect((error as AppError).retryAfter).toBe(1);
    expect(calls).toHaveLength(2);
  });

  it('hands other errors (401, 404) back untouched for the caller to explain', async () => {
    for (const code of [401, 404]) {
      const { fn, calls } = scriptedFetch(status(code, '1'));
      const response = await fetchWithRetry(
        fn,
        url,
        { signal: new AbortController().signal },
        { maxRetries: 3, maxWaitSeconds: 30, sleep: async () => undefined },
      );
      expect(response.status).toBe(code);
      expect(calls).toHaveLength(1);
    }
  });

  it('waits out a Retry-After given as an HTTP date', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const { fn } = scriptedFetch(status(429, 'Tue, 01 Jan 2030 00:00:07 GMT'), () => new Response('ok'));
    const { waits, sleep } = recordingSleep();
    const response = await fetchWithRetry(fn, url, { signal: new AbortController().signal }, { maxRetries: 3, maxWaitSeconds: 30, sleep });
    expect(response.status).toBe(200);
    expect(waits).toEqual([7000]);
  });

  it('rejects with the abort reason when cancelled during the wait, without another request', async () => {
    const controller = new AbortController();
    const { fn, calls } = scriptedFetch(status(429, '10'), () => new Response('too late'));
    let waiting: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (waiting = resolve));
    const sleep: RetryPolicy['sleep'] = (ms, signal) => {
      waiting();
      return abortableSleep(ms, signal);
    };
    const pending = fetchWithRetry(fn, url, { signal: controller.signal }, { maxRetries: 3, maxWaitSeconds: 30, sleep });
    await started;
    const reason = new DOMException('typing moved on', 'AbortError');
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    expect(calls).toHaveLength(1);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  it('reads seconds and HTTP dates, and ignores what is neither', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('42', now)).toBe(42);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter('Mon, 31 Dec 2029 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('abortableSleep', () => {
  it('rejects at once for an already-aborted signal', async () => {
    const reason = new Error('gone');
    expect(await rejection(abortableSleep(60_000, AbortSignal.abort(reason)))).toBe(reason);
  });
});

describe('fetchWithRetry on server faults and broken connections', () => {
  const quick = (sleep: RetryPolicy['sleep']): RetryPolicy => ({ maxRetries: 3, maxWaitSeconds: 30, sleep });
  const reset = () => {
    throw new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
  };

  it('retries a 500 and a 502 with short back-off, then returns the good answer', async () => {
    const { fn, calls } = scriptedFetch(status(500), status(502), () => new Response('ok'));
    const { waits, sleep } = recordingSleep();
    const response = await fetchWithRetry(fn, url, { signal: new AbortController().signal }, quick(sleep));
    expect(await response.text()).toBe('ok');
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([500, 1000]);
  });

  it('hands a 500 that persists back to the caller after the bounded retries', async () => {
    const { fn, calls } = scriptedFetch(status(500));
    const response = await fetchWithRetry(
      fn,
      url,
      { signal: new AbortController().signal },
      quick(async () => undefined),
    );
    expect(response.status).toBe(500);
    expect(calls).toHaveLength(4);
  });

  it('retries a GET whose connection was reset, but never replays a POST', async () => {
    const get = scriptedFetch(reset, () => new Response('ok'));
    expect(
      await (
        await fetchWithRetry(
          get.fn,
          url,
          { signal: new AbortController().signal },
          quick(async () => undefined),
        )
      ).text(),
    ).toBe('ok');
    expect(get.calls).toHaveLength(2);

    const post = scriptedFetch(reset, () => new Response('ok'));
    const error = await rejection(
      fetchWithRetry(
        post.fn,
        url,
        { method: 'POST', body: 'a=1', signal: new AbortController().signal },
        quick(async () => undefined),
      ),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(post.calls).toHaveLength(1);
  });

  it('gives up on a reset that keeps happening after the bounded retries', async () => {
    const { fn, calls } = scriptedFetch(reset);
    expect(
      await rejection(
        fetchWithRetry(
          fn,
          url,
          { signal: new AbortController().signal },
          quick(async () => undefined),
        ),
      ),
    ).toBeInstanceOf(TypeError);
    expect(calls).toHaveLength(4);
  });
});
