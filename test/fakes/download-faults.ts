import type { ServerResponse } from 'node:http';

/**
 * Ways a download host misbehaves, armed per fake (Box or Microsoft) for the next N
 * downloads. Real CDNs do all of these: a proxy that cuts a body and fixes up the length,
 * an HTTP/1.0-style body that ends when the connection closes, a stalled transfer.
 */
export type DownloadFault =
  /** Half the body, with a Content-Length that says half: a clean, short answer. */
  | 'short-length'
  /** Half the body, no Content-Length, then the connection closes: also looks complete. */
  | 'close-without-length'
  /** Headers and half the body, then the socket is destroyed (connection reset). */
  | 'reset'
  /** Headers and half the body, then nothing: the transfer stalls. */
  | 'stall'
  /** Never answers at all. */
  | 'hang';

const armed = new WeakMap<object, DownloadFault[]>();

export function armDownloadFault(fake: object, fault: DownloadFault, times = 1): void {
  const queue = armed.get(fake) ?? [];
  for (let i = 0; i < times; i++) queue.push(fault);
  armed.set(fake, queue);
}

export function takeDownloadFault(fake: object): DownloadFault | undefined {
  return armed.get(fake)?.shift();
}

export function clearDownloadFaults(fake: object): void {
  armed.delete(fake);
}

/** Answers a download as `fault` says; `headers` must not carry a Content-Length. */
export function sendFaulty(res: ServerResponse, fault: DownloadFault, headers: Record<string, string>, body: Uint8Array): void {
  const half = body.subarray(0, Math.floor(body.byteLength / 2));
  const socket = res.socket;
  if (fault === 'hang' || !socket) return;
  if (fault === 'short-length') {
    res.writeHead(200, { ...headers, 'content-length': String(half.byteLength) });
    return void res.end(half);
  }
  // Written on the socket itself: Node's server would otherwise add chunked framing.
  // A reset or a stall announces the full length, so the client can tell the body is short.
  const length = fault === 'close-without-length' ? [] : [`content-length: ${body.byteLength}`];
  const head = ['HTTP/1.1 200 OK', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), ...length, 'connection: close', '', ''].join(
    '\r\n',
  );
  res.detachSocket(socket);
  socket.write(head);
  socket.write(half);
  if (fault === 'close-without-length') socket.end();
  else if (fault === 'reset') setTimeout(() => socket.destroy(), 20);
  // 'stall': leave the socket open with nothing more to say.
}
