import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { DragInput } from '../../preload/contract';
import type { EventHub } from '../ipc/event-hub';
import type { HandlerTable } from '../ipc/handler-table';
import { inlineStyleHashes, rendererPolicy } from '../shared/content-security-policy';
import { nonBlockingRead } from '../shared/regular-file';
import type { Logger } from '../shared/logger';
import { listBuiltFiles } from './built-files';
import { pageFiles } from './page-files';
import { sendFile } from './send-file';

/** What the page's calls, drags, media and events reach: main's services. */
export interface BridgeServices {
  handlers: HandlerTable;
  /** Serves `/media/<path>`: returns a file path for a media path, or throws. */
  resolveMedia(path: string, signal: AbortSignal): Promise<string>;
  startDrag(input: DragInput): Promise<void>;
  /** Main → renderer events, pushed to every connected page. */
  events?: EventHub;
}

export interface BridgeOptions {
  rendererDir: string;
  /**
   * The services, or the promise of them: the page and its files are served at once, so the
   * browser loads the page while main's services start; calls, drags and media wait for them.
   */
  services: BridgeServices | Promise<BridgeServices>;
  log: Logger;
  port?: number;
  token?: string;
  /** How long `pageServed` waits for a page before it resolves anyway (default 1.5 s). */
  pageWaitMs?: number;
}

export interface Bridge {
  url: string;
  port: number;
  /**
   * A one-time bridge address that redirects to `target`: what the bridge prints instead of
   * a sign-in URL, so the OAuth state and PKCE challenge never appear in its output or logs.
   */
  linkTo(target: string): string;
  /**
   * Resolves once a page has been sent every file it loads before its app runs (`pageFiles`;
   * or after `pageWaitMs` with no page): what is not needed to serve the page waits for it,
   * because loading modules holds the event loop, and a page whose files wait behind them
   * starts everything later.
   */
  pageServed: Promise<void>;
  close(): Promise<void>;
}

/** Sign-ins time out after 5 minutes; their links need not outlive them by much. */
const linkLifetimeMs = 10 * 60_000;

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
 * and answers API and media requests only with the session cookie, which the page gets in
 * exchange for the printed token.
 *
 * Cookies are not kept apart by port: any server on 127.0.0.1 the browser visits receives
 * them. So the cookie is not the token but a separate random session id, under a name of
 * its own per port (two bridges never overwrite each other), and media also needs the
 * request to come from the bridge's own page (Origin or Referer).
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const services = Promise.resolve(options.services);
  const token = options.token ?? randomBytes(24).toString('hex');
  const session = randomBytes(32).toString('hex');
  const indexHtml = readFileSync(join(options.rendererDir, 'index.html'), 'utf8').replace(
    '<head>',
    '<head>\n    <script type="module" src="/bridge-shim.js"></script>',
  );
  const styleHashes = inlineStyleHashes(indexHtml);
  const builtFiles = listBuiltFiles(options.rendererDir);
  // Read into memory now (the build is about half a megabyte): while main's services load,
  // the event loop has few turns to spare, and a file in memory goes out in one.
  const builtBodies = new Map(
    [...builtFiles].map(([path, file]) => [path, readFile(file, { flag: nonBlockingRead }).catch(() => undefined)]),
  );
  // What the page loads before its app runs: its first paint waits for the style sheets, its
  // first key for the scripts.
  const awaited = pageFiles(options.rendererDir, indexHtml);
  let pageArrived: () => void = () => {};
  const pageServed = new Promise<void>((resolve) => (pageArrived = resolve));
  const fileSent = (path: string) => {
    awaited.delete(path);
    if (awaited.size === 0) pageArrived();
  };
  let origin = '';
  let cookieName = '';
  const links = new Map<string, { target: string; expires: number }>();

  const hostOk = (req: IncomingMessage) => req.headers.host === new URL(origin).host;
  const hasSession = (req: IncomingMessage) => secretMatches(cookieValue(req.headers.cookie, cookieName), session);

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      options.log.error('bridge request failed', { error: error instanceof Error ? error.name : typeof error });
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostOk(req)) return void res.writeHead(421).end('Misdirected request');
    const url = new URL(req.url ?? '/', origin);
    securityHeaders(res, origin, styleHashes);
    if (url.pathname === '/session' && req.method === 'POST') {
      if (!secretMatches(header(req, 'x-skyhook-token'), token) || req.headers.origin !== origin) {
        return void res.writeHead(403).end();
      }
      res.setHeader('Set-Cookie', `${cookieName}=${session}; HttpOnly; SameSite=Strict; Path=/`);
      return void res.writeHead(204).end();
    }
    if (url.pathname.startsWith('/media/')) {
      if (!hasSession(req) || !fromPageOf(req, origin)) return void res.writeHead(403).end();
      const controller = new AbortController();
      res.on('close', () => controller.abort());
      let file: string;
      try {
        file = await (await services).resolveMedia(url.pathname.slice('/media/'.length), controller.signal);
      } catch {
        return void res.writeHead(404).end();
      }
      return sendFile(res, file, { 'Content-Type': 'image/webp', 'Cache-Control': 'private, max-age=3600' });
    }
    if (req.method !== 'GET') return void res.writeHead(405).end();
    if (url.pathname.startsWith('/open/')) {
      // Opened by the system browser (no cookie): the random id is the credential, used once.
      const link = links.get(url.pathname.slice('/open/'.length));
      links.delete(url.pathname.slice('/open/'.length));
      if (!link || link.expires < Date.now()) return void res.writeHead(404).end();
      res.setHeader('Referrer-Policy', 'no-referrer');
      return void res.writeHead(302, { Location: link.target, 'Cache-Control': 'no-store' }).end();
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, { 'Content-Type': contentTypes['.html'], 'Cache-Control': 'no-store' });
      return void res.end(indexHtml);
    }
    const file = builtFiles.get(url.pathname);
    if (!file) return void res.writeHead(404).end();
    const type = contentTypes[extname(file)] ?? 'application/octet-stream';
    const body = await builtBodies.get(url.pathname);
    if (body) {
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': String(body.byteLength) }).end(body, () => fileSent(url.pathname));
      return;
    }
    // Not readable at start: answered from the disk now (a 404 if it still cannot be read).
    return sendFile(res, file, { 'Content-Type': type });
  }

  // The WebSocket side (ws, the contract's schemas, dispatch) loads while the browser runs the
  // page's scripts: nothing of it is needed to serve them, and its first use is the page's first call.
  const sockets = pageServed.then(() => import('./bridge-sockets')).then(({ ipcSockets }) => ipcSockets(services, options.log));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets mid-handshake must not take the process with it.
    socket.on('error', () => socket.destroy());
    const ok = hostOk(req) && req.headers.origin === origin && req.url === '/ipc' && hasSession(req);
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    void sockets.then((ipc) => ipc.upgrade(req, socket, head));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  setTimeout(pageArrived, options.pageWaitMs ?? 1_500).unref();
  origin = `http://127.0.0.1:${port}`;
  cookieName = `skyhook_bridge_${port}`;
  return {
    url: `${origin}/#token=${token}`,
    port,
    linkTo(target) {
      const now = Date.now();
      for (const [id, link] of links) if (link.expires < now) links.delete(id);
      const id = randomBytes(16).toString('hex');
      links.set(id, { target, expires: now + linkLifetimeMs });
      return `${origin}/open/${id}`;
    },
    pageServed,
    close: async () => {
      (await sockets).close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

/** Constant-time comparison of a presented secret with the real one. */
function secretMatches(given: string | undefined, secret: string): boolean {
  return given !== undefined && given.length === secret.length && timingSafeEqual(Buffer.from(given), Buffer.from(secret));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function cookieValue(cookies: string | undefined, name: string): string | undefined {
  for (const part of (cookies ?? '').split(';')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === name && value && /^[0-9a-f]+$/.test(value)) return value;
  }
  return undefined;
}

/**
 * The request comes from the bridge's page: its Origin, or for an `<img>` (which sends no
 * Origin) its Referer — the page's Referrer-Policy is `same-origin`, so the browser sends it
 * to the bridge and to nobody else. A browser's Sec-Fetch-Site, when present, must agree.
 */
export function fromPageOf(req: IncomingMessage, origin: string): boolean {
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return false;
  const claimed = header(req, 'origin');
  if (claimed !== undefined) return claimed === origin;
  const referer = header(req, 'referer');
  if (referer === undefined) return false;
  try {
    return new URL(referer).origin === origin;
  } catch {
    return false;
  }
}

function securityHeaders(res: ServerResponse, origin: string, styleHashes: string[]): void {
  const ws = origin.replace(/^http/, 'ws');
  res.setHeader('Content-Security-Policy', rendererPolicy({ connect: [ws], styleHashes }));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // `same-origin`: media requests carry the page as Referer (see fromPageOf); other sites get nothing.
  res.setHeader('Referrer-Policy', 'same-origin');
}
