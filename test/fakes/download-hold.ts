import type { ServerResponse } from 'node:http';

/**
 * Downloads held open on purpose, per fake: while held, a download host answers with its
 * headers and the first quarter of the body, then sends nothing more until `resume()` —
 * a slow transfer that lasts exactly as long as a test needs (a drag before the original is
 * on disk), instead of a file size and a bandwidth that must outlast it.
 */
export interface DownloadHold {
  /** Sends the rest of every held download, and holds no more. */
  resume(): void;
}

const holds = new WeakMap<object, Promise<void>>();

export function holdDownloads(fake: object): DownloadHold {
  let resume: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (resume = resolve));
  holds.set(fake, released);
  return {
    resume: () => {
      if (holds.get(fake) === released) holds.delete(fake);
      resume();
    },
  };
}

/** Whether downloads of `fake` are held now: the promise of their release. */
export function heldDownloads(fake: object): Promise<void> | undefined {
  return holds.get(fake);
}

/** Answers a held download: the headers (with the full length) and a quarter of the body now, the rest on release. */
export function sendHeld(res: ServerResponse, released: Promise<void>, headers: Record<string, string>, body: Uint8Array): void {
  const quarter = Math.floor(body.byteLength / 4);
  res.writeHead(200, { ...headers, 'content-length': String(body.byteLength) });
  res.write(body.subarray(0, quarter));
  void released.then(() => {
    if (!res.destroyed) res.end(body.subarray(quarter));
  });
}
