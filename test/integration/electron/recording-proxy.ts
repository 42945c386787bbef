import { createServer, request, type IncomingHttpHeaders } from 'node:http';

export interface RecordingProxy {
  /** `host:port`, for a proxy rule. */
  hostPort: string;
  /** Every request forwarded, as `METHOD absolute-URL`. */
  seen: string[];
  close(): Promise<void>;
}

// Hop-by-hop headers belong to the connection to the proxy, not to the request it forwards.
const hopByHop = new Set([
  'proxy-connection',
  'proxy-authorization',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);
const forwardable = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHop.has(name.toLowerCase())));

/**
 * A plain-HTTP forward proxy on 127.0.0.1 that notes what passes through. Chromium's
 * network stack (Electron's net.fetch) honours a session's proxy; Node's fetch does not,
 * so a request seen here went through Chromium.
 */
export async function startRecordingProxy(): Promise<RecordingProxy> {
  const seen: string[] = [];
  const server = createServer((incoming, outgoing) => {
    let target: URL;
    try {
      // A proxied request carries the absolute URL; anything else was not meant for a proxy.
      target = new URL(incoming.url ?? '');
    } catch {
      outgoing.writeHead(400).end();
      return;
    }
    seen.push(`${incoming.method} ${target.href}`);
    const upstream = request(target, { method: incoming.method, headers: forwardable(incoming.headers) }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, forwardable(response.headers));
      response.pipe(outgoing);
    });
    upstream.on('error', () => (outgoing.headersSent ? outgoing.destroy() : outgoing.writeHead(502).end()));
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no port');
  return {
    hostPort: `127.0.0.1:${address.port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
