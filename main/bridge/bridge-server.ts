import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { dragInput, type DragInput } from '../../preload/contract';
import { CallTracker, dispatch } from '../ipc/dispatch';
import type { EventHub } from '../ipc/event-hub';
import type { HandlerTable } from '../ipc/handlers';
import type { Logger } from '../shared/logger';

export interface BridgeOptions {
  rendererDir: string;
  handlers: HandlerTable;
  /** Serves `/media/<path>`: returns a file path for a media path, or throws. */
  resolveMedia(path: string, signal: AbortSignal): Promise<string>;
  startDrag(input: DragInput): Promise<void>;
  /** Main → renderer events, pushed to every connected page. */
  events?: EventHub;
  log: Logger;
  port?: number;
  token?: string;
}

export interface Bridge {
  url: string;
  port: number;
  close(): Promise<void>;
}

const cookieName = 'skyhook_bridge';

const message = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: z.string().max(100), channel: z.string().max(100), input: z.unknown() }),
  z.object({ type: z.literal('cancel'), id: z.string().max(100) }),
  z.object({ type: z.literal('drag'), input: z.unknown() }),
]);

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
};

/**
 * Development and test only: serves the built renderer and the IPC handler table over
 * loopback HTTP + WebSocket so the real UI runs in a plain browser. It listens on
 * 127.0.0.1 only, checks Host and Origin (against DNS rebinding and other local pages),
 * and answers API and media requests only with the random session token.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const indexHtml = readFileSync(join(options.rendererDir, 'index.html'), 'utf8').replace(
    '<head>',
    '<head>\n    <script type="module" src="/bridge-shim.js"></script>',
  );
  let origin = '';

  const tokenMatches = (given: string | undefined) =>
    given !== undefined && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));
  const cookieToken = (req: IncomingMessage) =>
    /(?:^|;\s*)skyhook_bridge=([0-9a-f]+)/.exec(req.headers.cookie ?? '')?.[1];
  const hostOk = (req: IncomingMessage) => req.headers.host === new URL(origin).host;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      options.log.error('bridge request failed', { error: String(error) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostOk(req)) return void res.writeHead(421).end('Misdirected request');
    const url = new URL(req.url ?? '/', origin);
    securityHeaders(res, origin);
    if (url.pathname === '/session' && req.method === 'POST') {
      if (!tokenMatches(req.headers['x-skyhook-token'] as string | undefined) || req.headers.origin !== origin) {
        return void res.writeHead(403).end();
      }
      res.setHeader('Set-Cookie', `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      return void res.writeHead(204).end();
    }
    if (url.pathname.startsWith('/media/')) {
      if (!tokenMatches(cookieToken(req))) return void res.writeHead(403).end();
      const controller = new AbortController();
      res.on('close', () => controller.abort());
      try {
        const file = await options.resolveMedia(url.pathname.slice('/media/'.length), controller.signal);
        res.writeHead(200, { 'Content-Type': 'image/webp', 'Cache-Control': 'private, max-age=3600' });
        createReadStream(file).pipe(res);
      } catch {
        res.writeHead(404).end();
      }
      return;
    }
    if (req.method !== 'GET') return void res.writeHead(405).end();
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, { 'Content-Type': contentTypes['.html'], 'Cache-Control': 'no-store' });
      return void res.end(indexHtml);
    }
    const file = normalize(join(options.rendererDir, url.pathname));
    if (!file.startsWith(options.rendererDir + sep) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const ok = hostOk(req) && req.headers.origin === origin && req.url === '/ipc' && tokenMatches(cookieToken(req));
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    const calls = new CallTracker();
    const unsubscribe = options.events?.subscribe((name, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'event', name, payload }));
    });
    ws.on('close', () => {
      calls.cancelAll();
      unsubscribe?.();
    });
    ws.on('message', (raw) => {
      let parsed: z.infer<typeof message>;
      try {
        parsed = message.parse(JSON.parse(String(raw)));
      } catch {
        return;
      }
      if (parsed.type === 'cancel') {
        // Test seam: lets end-to-end tests see that a renderer's cancel reached main.
        if (process.env.SKYHOOK_TRACE_CALLS === '1') process.stdout.write(`SKYHOOK_CANCEL=${parsed.id}\n`);
        return calls.cancel(parsed.id);
      }
      if (parsed.type === 'drag') {
        const input = dragInput.safeParse(parsed.input);
        if (input.success) void options.startDrag(input.data).catch((error: unknown) => options.log.warn('drag failed', { error: String(error) }));
        return;
      }
      const { id, channel, input } = parsed;
      const signal = calls.start(id);
      void dispatch(options.handlers, channel, input, signal, options.log).then((result) => {
        calls.finish(id);
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id, result }));
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function securityHeaders(res: ServerResponse, origin: string): void {
  const ws = origin.replace(/^http/, 'ws');
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self' ${ws}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}
