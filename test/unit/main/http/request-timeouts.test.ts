import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerDeadlineMs, requestTimeouts, timedFetch } from '../../../../main/http/request-timeouts';
import { fetchWithRetry } from '../../../../main/http/retrying-fetch';
import { AppError } from '../../../../main/shared/app-error';

const servers: Server[] = [];
const held: ServerResponse[] = [];
afterEach(async () => {
  for (const res of held.splice(0)) res.destroy();
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A loopback server whose handler decides how (or whether) to answer. */
async function serve(handler: (res: ServerResponse) => void): Promise<string> {
  const server = createServer((_req, res) => {
    held.push(res);
    handler(res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
}

const small = { connectMs: 50, firstByteMs: 150, idleMs: 200 };

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('timedFetch', () => {
  it('gives up on a server that never answers, naming the host and the wait', async () => {
    const url = await serve(() => undefined);
    const error = await failure(timedFetch(fetch, url, { signal: new AbortController().signal }, small));
    expect(error.code).toBe('timeout');
    expect(error.message).toBe(`${new URL(url).host} did not answer within 1 second.`);
  });

  it('errors a body that stalls half-way instead of waiting for ever', async () => {
    const url = await serve((res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write(Buffer.alloc(50));
    });
    const response = await timedFetch(fetch, url, { signal: new AbortController().signal }, small);
    expect(response.status).toBe(200);
    const error = await failure(response.arrayBuffer());
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('stopped sending data');
  });

  it('lets a slow but steady body through: the idle limit is per chunk, not per body', async () => {
    const url = await serve((res) => {
      res.writeHead(200, { 'content-length': '5' });
      let sent = 0;
      const timer = setInterval(() => {
        res.write('x');
        if (++sent === 5) {
          clearInterval(timer);
          res.end();
        }
      }, 100);
    });
    const response = await timedFetch(fetch, url, { signal: new AbortController().signal }, small);
    expect(await response.text()).toBe('xxxxx');
  });

  it("leaves the caller's own cancellation as it is", async () => {
    const url = await serve(() => undefined);
    const controller = new AbortController();
    const pending = timedFetch(fetch, url, { signal: controller.signal }, { ...small, firstByteMs: 10_000 });
    controller.abort(new DOMException('gone', 'AbortError'));
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DOMException);
  });

  it('is what fetchWithRetry uses: a hung API call ends with the timeout, not after minutes', async () => {
    const url = await serve(() => undefined);
    const error = await failure(
      fetchWithRetry(fetch, url, { signal: new AbortController().signal }, { maxRetries: 3, maxWaitSeconds: 30, timeouts: small }),
    );
    expect(error.code).toBe('timeout');
  });
});

describe('answerDeadlineMs', () => {
  it('adds the time a request body takes at the slowest tolerated upload rate', () => {
    expect(answerDeadlineMs(requestTimeouts.api, undefined)).toBe(40_000);
    expect(answerDeadlineMs(requestTimeouts.api, '{"parts":[]}')).toBe(40_000 + 1);
    // An 8 MiB Box part at 64 KiB/s: 128 s more.
    expect(answerDeadlineMs(requestTimeouts.api, new Uint8Array(8 * 1024 * 1024))).toBe(40_000 + 128_000);
    expect(answerDeadlineMs({ ...small, sendBytesPerSecond: 1000 }, new Blob(['x'.repeat(500)]))).toBe(200 + 500);
  });
});
