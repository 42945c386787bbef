import type { ServerResponse } from 'node:http';

/**
 * A network link in front of a fake service, for benchmarks: every request waits one
 * round trip before it is answered, and answer bodies share one bandwidth (a 50 Mbit/s
 * office line carries 6.25 MB/s in all, however many downloads run at once).
 */
export interface LinkOptions {
  /** Round trip added to every request, in milliseconds. */
  roundTripMs: number;
  /** Bits per second shared by all answer bodies; Infinity for no limit. */
  bitsPerSecond: number;
}

const chunkBytes = 16 * 1024;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FakeLink {
  /** When the shared line is next free to carry a chunk (performance.now() time). */
  private freeAt = 0;

  constructor(readonly options: LinkOptions) {}

  roundTrip(): Promise<void> {
    return this.options.roundTripMs > 0 ? sleep(this.options.roundTripMs) : Promise.resolve();
  }

  /** Writes `body` paced by the shared bandwidth; stops when the client goes away. */
  async send(res: ServerResponse, status: number, headers: Record<string, string> | undefined, body: string | Uint8Array): Promise<void> {
    const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    res.writeHead(status, { ...headers, 'content-length': String(bytes.byteLength) });
    const bytesPerMs = this.options.bitsPerSecond / 8 / 1000;
    for (let offset = 0; offset < bytes.byteLength && !res.destroyed; offset += chunkBytes) {
      const chunk = bytes.subarray(offset, offset + chunkBytes);
      if (Number.isFinite(bytesPerMs)) {
        const now = performance.now();
        this.freeAt = Math.max(this.freeAt, now) + chunk.byteLength / bytesPerMs;
        // Timers are coarse: wait only once the line is a few ms behind, then catch up.
        if (this.freeAt - now > 4) await sleep(this.freeAt - now);
      }
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  }
}

/** Resolves when the socket takes more (or is gone), leaving no listener behind. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

const links = new WeakMap<object, FakeLink>();

/** Puts a link in front of a fake's state (every host of that fake); undefined removes it. */
export function setLink(state: object, options: LinkOptions | undefined): FakeLink | undefined {
  if (!options) {
    links.delete(state);
    return undefined;
  }
  const link = new FakeLink(options);
  links.set(state, link);
  return link;
}

export const linkOf = (state: object): FakeLink | undefined => links.get(state);
