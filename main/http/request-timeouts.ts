import { AppError } from '../shared/app-error';

/**
 * How long a request may take at each stage. fetch offers no hook for "connected", so the
 * connect budget and the first-byte budget make one deadline for the response headers;
 * the transport's own connect timeout (undici, Chromium) usually fires first and is
 * reported as a network error naming the host.
 */
export interface RequestTimeouts {
  connectMs: number;
  /** After connecting, until the response headers arrive. */
  firstByteMs: number;
  /** Between two chunks of the body. */
  idleMs: number;
  /**
   * The slowest upload tolerated. The headers come only after the whole request body went
   * out, so a body adds its size at this rate to the answer deadline: an 8 MiB Box part
   * on a 1 Mbit/s uplink takes over a minute, and a fixed deadline would fail every part.
   * Defaults to `slowestUploadBytesPerSecond`.
   */
  sendBytesPerSecond?: number;
}

/** 64 KiB/s (about 0.5 Mbit/s): an 8 MiB part may take 2 min 8 s on top of the first-byte wait. */
export const slowestUploadBytesPerSecond = 64 * 1024;

/** Per kind of request: API answers are small and quick; downloads may start slowly (a CDN warming up). */
export const requestTimeouts = {
  api: { connectMs: 10_000, firstByteMs: 30_000, idleMs: 30_000 },
  download: { connectMs: 10_000, firstByteMs: 60_000, idleMs: 60_000 },
} as const satisfies Record<string, RequestTimeouts>;

/** How long the answer may take: connecting, sending the body at the slowest tolerated rate, then the first byte. */
export function answerDeadlineMs(timeouts: RequestTimeouts, body: RequestInit['body']): number {
  return (
    timeouts.connectMs +
    timeouts.firstByteMs +
    Math.ceil((bodyBytes(body) * 1000) / (timeouts.sendBytesPerSecond ?? slowestUploadBytesPerSecond))
  );
}

function bodyBytes(body: RequestInit['body']): number {
  if (body === undefined || body === null) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof URLSearchParams) return Buffer.byteLength(body.toString());
  if (body instanceof Blob) return body.size;
  if (ArrayBuffer.isView(body) || body instanceof ArrayBuffer) return body.byteLength;
  // A stream or form data: its size is not known up front.
  return 0;
}

const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

export function timeoutError(url: string, stage: 'answer' | 'idle', ms: number): AppError {
  const host = hostOf(url);
  const seconds = Math.max(1, Math.round(ms / 1000));
  const wait = `${seconds} second${seconds === 1 ? '' : 's'}`;
  return new AppError({
    code: 'timeout',
    message: stage === 'answer' ? `${host} did not answer within ${wait}.` : `${host} stopped sending data for ${wait}.`,
    fix: 'Check your network (or proxy) and try again.',
  });
}

/**
 * fetch with a deadline for the headers and an idle limit on the body. A timeout rejects
 * (or errors the body) with an AppError `timeout`; the caller's own abort still wins.
 */
export async function timedFetch(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit & { signal: AbortSignal },
  timeouts: RequestTimeouts,
): Promise<Response> {
  const timer = new AbortController();
  let pending: ReturnType<typeof setTimeout> | undefined;
  const arm = (stage: 'answer' | 'idle', ms: number) => {
    clearTimeout(pending);
    pending = setTimeout(() => timer.abort(timeoutError(url, stage, ms)), ms);
    // A timer must never keep a finished process (or test worker) alive.
    pending.unref?.();
  };
  arm('answer', answerDeadlineMs(timeouts, init.body));
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, signal: AbortSignal.any([init.signal, timer.signal]) });
  } catch (error) {
    clearTimeout(pending);
    if (timer.signal.aborted && !init.signal.aborted) throw timer.signal.reason;
    throw error;
  }
  clearTimeout(pending);
  if (!response.body || nullBodyStatuses.has(response.status)) return response;
  arm('idle', timeouts.idleMs);
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        arm('idle', timeouts.idleMs);
        controller.enqueue(chunk);
      },
      flush() {
        clearTimeout(pending);
      },
    }),
  );
  const timed = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(timed, 'url', { value: response.url });
  return timed;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'The server';
  }
}
