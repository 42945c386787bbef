import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DragInput } from '../../../../preload/contract';
import { startBridge, type Bridge, type BridgeServices } from '../../../../main/bridge/bridge-server';
import { silentLogger } from '../../../../main/shared/logger';
import { handlerTable, useTempDirs } from '../../../harness/unit';

const fixtureDir = useTempDirs('file');

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request: unlike fetch it sends the path and Host/Origin headers exactly as given. */
function send(port: number, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket with explicit headers; resolves with the open socket or the refusal status. */
function connect(port: number, headers: Record<string, string>, path = '/ipc'): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', (error) => reject(error));
  });
}

function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
}

describe('browser bridge', () => {
  let bridge: Bridge;
  let token: string;
  let origin: string;
  let cookie: string;
  let mediaFile: string;
  let fifo: string;
  const drags: DragInput[] = [];
  const mediaRequests: string[] = [];
  const connectionId = '3f2c7a4e-9b1d-4c8e-8f00-123456789abc';

  beforeAll(async () => {
    const base = fixtureDir();
    const rendererDir = join(base, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(
      join(rendererDir, 'index.html'),
      '<!doctype html><html><head><title>Skyhook</title></head><body><div id="root"></div></body></html>',
    );
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("renderer");');
    writeFileSync(join(base, 'package.json'), '{"name":"must-not-leak"}');
    mediaFile = join(base, 'thumb.webp');
    writeFileSync(mediaFile, 'WEBPDATA');
    fifo = join(base, 'fifo.webp');
    execFileSync('mkfifo', [fifo]);

    bridge = await startBridge({
      rendererDir,
      services: {
        handlers: handlerTable({
          'app.dismissProblem': async () => null,
          'connections.signIn': (_input, signal) =>
            new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true })),
        }),
        resolveMedia: async (path) => {
          mediaRequests.push(path);
          if (path.endsWith('/folder.png')) return base;
          // Opens as a regular file, then every read fails (EIO): a cached file that cannot be read.
          if (path.endsWith('/unreadable.png')) return '/proc/self/mem';
          if (path.endsWith('/fifo.png')) return fifo;
          if (path.endsWith('/gone.png')) return join(base, 'gone.webp');
          return mediaFile;
        },
        startDrag: async (input) => void drags.push(input),
      },
      log: silentLogger,
      pageWaitMs: 0,
    });
    const url = new URL(bridge.url);
    origin = url.origin;
    token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
    const session = await send(bridge.port, '/session', { method: 'POST', headers: { 'X-Skyhook-Token': token, Origin: origin } });
    cookie = (session.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
  });

  afterAll(async () => {
    await bridge.close();
  });

  it('listens on 127.0.0.1 with a random token in the URL fragment', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{48}$/);
    expect(bridge.port).toBeGreaterThan(0);
  });

  it('serves the page with the shim script injected and a Content-Security-Policy', async () => {
    const page = await send(bridge.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<head>\n    <script type="module" src="/bridge-shim.js"></script>');
    expect(page.body).toContain('<div id="root"></div>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves static renderer files', async () => {
    const asset = await send(bridge.port, '/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.body).toBe('console.log("renderer");');
    expect(asset.headers['content-type']).toContain('text/javascript');
  });

  it('answers 404 to path traversal in static files, plain or encoded', async () => {
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/assets/%2E%2E/%2E%2E/package.json',
      '/..%2fpackage.json',
      '/..%5cpackage.json',
      '/assets/../../package.json',
    ]) {
      const reply = await send(bridge.port, path);
      expect(reply.status, path).toBe(404);
      expect(reply.body, path).not.toContain('must-not-leak');
    }
  });

  it('answers 421 to a request for another Host (DNS rebinding)', async () => {
    const reply = await send(bridge.port, '/', { headers: { Host: `evil.example:${bridge.port}` } });
    expect(reply.status).toBe(421);
    expect(reply.body).not.toContain('bridge-shim');
    expect((await send(bridge.port, '/', { headers: { Host: `localhost:${bridge.port}` } })).status).toBe(421);
  });

  it('grants a session cookie only for the right token from the bridge origin', async () => {
    const cases: Array<[string, Record<string, string>]> = [
      ['no token', { Origin: origin }],
      ['wrong token', { 'X-Skyhook-Token': 'f'.repeat(48), Origin: origin }],
      ['short token', { 'X-Skyhook-Token': 'abc', Origin: origin }],
      ['no origin', { 'X-Skyhook-Token': token }],
      ['foreign origin', { 'X-Skyhook-Token': token, Origin: 'http://evil.example' }],
    ];
    for (const [label, headers] of cases) {
      const reply = await send(bridge.port, '/session', { method: 'POST', headers });
      expect(reply.status, label).toBe(403);
      expect(reply.headers['set-cookie'], label).toBeUndefined();
    }
    const ok = await send(bridge.port, '/session', { method: 'POST', headers: { 'X-Skyhook-Token': token, Origin: origin } });
    expect(ok.status).toBe(204);
    const setCookie = ok.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(new RegExp(`^skyhook_bridge_${bridge.port}=[0-9a-f]{64};`));
    // The cookie is a session id of its own: the printed token never travels as a cookie.
    expect(setCookie).not.toContain(token);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
  });

  it('serves /media only with the session cookie, to the bridge page', async () => {
    const before = mediaRequests.length;
    const path = `/media/thumb/${connectionId}/a.png`;
    const page = { Referer: `${origin}/` };
    expect((await send(bridge.port, path, { headers: page })).status).toBe(403);
    expect(
      (await send(bridge.port, path, { headers: { ...page, Cookie: `skyhook_bridge_${bridge.port}=${'a'.repeat(64)}` } })).status,
    ).toBe(403);
    // The printed token is not a session: presenting it as the cookie gets nothing.
    expect((await send(bridge.port, path, { headers: { ...page, Cookie: `skyhook_bridge_${bridge.port}=${token}` } })).status).toBe(403);
    // Another page (or none) asking with the cookie: no Referer, a foreign one, a cross-site fetch.
    const foreign: Array<Record<string, string>> = [
      {},
      { Referer: 'http://evil.example/' },
      { Origin: 'http://evil.example' },
      { ...page, 'Sec-Fetch-Site': 'cross-site' },
    ];
    for (const headers of foreign) {
      expect((await send(bridge.port, path, { headers: { ...headers, Cookie: cookie } })).status, JSON.stringify(headers)).toBe(403);
    }
    expect(mediaRequests).toHaveLength(before);

    const reply = await send(bridge.port, path, { headers: { ...page, Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('WEBPDATA');
    expect(reply.headers['content-type']).toBe('image/webp');
    expect(mediaRequests.at(-1)).toBe(`thumb/${connectionId}/a.png`);
  });

  it('refuses a WebSocket without the cookie, from a foreign Origin, or on another path', async () => {
    expect(await connect(bridge.port, { Origin: origin })).toBe(403);
    expect(await connect(bridge.port, { Origin: 'http://evil.example', Cookie: cookie })).toBe(403);
    expect(await connect(bridge.port, { Cookie: cookie })).toBe(403);
    expect(await connect(bridge.port, { Origin: origin, Cookie: cookie }, '/other')).toBe(403);
  });

  it('dispatches a call over the WebSocket and answers with its result', async () => {
    const ws = await connect(bridge.port, { Origin: origin, Cookie: cookie });
    if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
    try {
      ws.send(JSON.stringify({ type: 'call', id: 'c1', channel: 'app.dismissProblem', input: { code: 'ok' } }));
      expect(await nextMessage(ws)).toEqual({ type: 'result', id: 'c1', result: { ok: true, value: null } });

      ws.send(JSON.stringify({ type: 'call', id: 'c2', channel: 'app.dismissProblem', input: { code: 7 } }));
      expect(await nextMessage(ws)).toMatchObject({ type: 'result', id: 'c2', result: { ok: false, error: { code: 'invalid_input' } } });

      ws.send(JSON.stringify({ type: 'call', id: 'c3', channel: 'connections.signIn', input: { id: connectionId } }));
      ws.send(JSON.stringify({ type: 'cancel', id: 'c3' }));
      expect(await nextMessage(ws)).toEqual({
        type: 'result',
        id: 'c3',
        result: { ok: false, error: { code: 'cancelled', message: 'Cancelled.' } },
      });

      // Garbage is answered and the socket keeps working.
      ws.send('not json');
      expect(await nextMessage(ws)).toEqual({
        type: 'error',
        error: { code: 'invalid_message', message: 'Skyhook could not read this request.' },
      });
      ws.send(JSON.stringify({ type: 'drag', input: { connectionId, itemId: 'a.png' } }));
      ws.send(JSON.stringify({ type: 'call', id: 'c4', channel: 'app.dismissProblem', input: { code: 'ok' } }));
      expect(await nextMessage(ws)).toEqual({ type: 'result', id: 'c4', result: { ok: true, value: null } });
      expect(drags).toEqual([{ connectionId, itemId: 'a.png' }]);
    } finally {
      ws.close();
    }
  });

  it('answers 404 to a folder, a missing file or an unreadable one, and keeps serving', async () => {
    for (const path of ['/assets', '/assets/', '/assets/missing.js']) expect((await send(bridge.port, path)).status, path).toBe(404);
    const headers = { Cookie: cookie, Referer: `${origin}/` };
    for (const name of ['folder.png', 'unreadable.png', 'fifo.png', 'gone.png']) {
      expect((await send(bridge.port, `/media/thumb/${connectionId}/${name}`, { headers })).status, name).toBe(404);
    }
    expect((await send(bridge.port, '/assets/app.js')).status).toBe(200);
  });

  it('answers every malformed envelope, with the call id when there is one', async () => {
    const ws = await connect(bridge.port, { Origin: origin, Cookie: cookie });
    if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
    const refusal = { code: 'invalid_message', message: 'Skyhook could not read this request.' };
    try {
      const cases: Array<[string | Buffer, unknown]> = [
        [JSON.stringify({ type: 'call', id: 'x1', input: {} }), { type: 'result', id: 'x1', result: { ok: false, error: refusal } }],
        [
          JSON.stringify({ type: 'call', id: 'x2', channel: 7, input: {} }),
          { type: 'result', id: 'x2', result: { ok: false, error: refusal } },
        ],
        [
          JSON.stringify({ type: 'call', id: 'x3', channel: 'nope', input: {} }),
          { type: 'result', id: 'x3', result: { ok: false, error: { code: 'unknown_channel', message: 'Unknown request.' } } },
        ],
        [JSON.stringify({ type: 'launch' }), { type: 'error', error: refusal }],
        [JSON.stringify([1, 2]), { type: 'error', error: refusal }],
        ['null', { type: 'error', error: refusal }],
        [JSON.stringify({ type: 'drag', input: { connectionId: 'no' } }), { type: 'error', error: refusal }],
        [JSON.stringify({ type: 'cancel' }), { type: 'error', error: refusal }],
        [Buffer.from([1, 2, 3]), { type: 'error', error: refusal }],
      ];
      for (const [data, answer] of cases) {
        ws.send(data);
        expect(await nextMessage(ws), String(data)).toEqual(answer);
      }
    } finally {
      ws.close();
    }
  });

  it('links to an outside page once, through a random bridge address that hides its query', async () => {
    const target = 'https://account.box.com/api/oauth2/authorize?client_id=c&state=s3cr3t-state&code_challenge=ch';
    const link = bridge.linkTo(target);
    expect(link).toMatch(new RegExp(`^${origin}/open/[0-9a-f]{32}$`));
    expect(link).not.toContain('s3cr3t-state');
    const first = await send(bridge.port, new URL(link).pathname);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe(target);
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    expect((await send(bridge.port, new URL(link).pathname)).status).toBe(404);
    expect((await send(bridge.port, `/open/${'0'.repeat(32)}`)).status).toBe(404);
  });
});

describe('browser bridge while main is starting', () => {
  it('serves the page before the services are up; a call made meanwhile is answered once they are', async () => {
    const rendererDir = join(fixtureDir(), 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    let up: (services: BridgeServices) => void = () => undefined;
    const services = new Promise<BridgeServices>((resolve) => (up = resolve));
    // These fixtures name no script of their own: nothing to wait for.
    const bridge = await startBridge({ rendererDir, services, log: silentLogger, pageWaitMs: 0 });
    try {
      const url = new URL(bridge.url);
      const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
      expect((await send(bridge.port, '/', { headers: { Host: url.host } })).status).toBe(200);
      const session = await send(bridge.port, '/session', {
        method: 'POST',
        headers: { Host: url.host, 'X-Skyhook-Token': token, Origin: url.origin },
      });
      const cookie = (session.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
      const ws = await connect(bridge.port, { Origin: url.origin, Cookie: cookie });
      if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
      ws.send(JSON.stringify({ type: 'call', id: 'early', channel: 'app.dismissProblem', input: { code: 'ok' } }));
      // Garbage needs no services: its answer overtakes the waiting call.
      ws.send('not json');
      expect(await nextMessage(ws)).toMatchObject({ type: 'error', error: { code: 'invalid_message' } });
      const answered = nextMessage(ws);
      up({
        handlers: handlerTable({ 'app.dismissProblem': async () => null }),
        resolveMedia: async () => '',
        startDrag: async () => undefined,
      });
      expect(await answered).toEqual({ type: 'result', id: 'early', result: { ok: true, value: null } });
      ws.close();
    } finally {
      await bridge.close();
    }
  });
});

describe('browser bridge: what waits for the page', () => {
  const services: BridgeServices = {
    handlers: handlerTable({}),
    resolveMedia: async () => '',
    startDrag: async () => undefined,
  };

  it('says the page is served once every file it loads before its app runs has been sent, not before', async () => {
    const rendererDir = join(fixtureDir(), 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    mkdirSync(join(rendererDir, '.vite'), { recursive: true });
    writeFileSync(
      join(rendererDir, 'index.html'),
      '<html><head><script type="module" src="./index.js"></script><link rel="stylesheet" crossorigin href="./assets/index.css"></head></html>',
    );
    // The entry imports the app after the first paint; the app loads its admin page later still.
    const manifest = {
      'index.html': { file: 'index.js', dynamicImports: ['src/boot.tsx'], css: ['assets/index.css'] },
      'src/boot.tsx': {
        file: 'assets/boot.js',
        imports: ['index.html', '_shared.js'],
        dynamicImports: ['src/Admin.tsx'],
        css: ['assets/boot.css'],
      },
      '_shared.js': { file: 'assets/shared.js' },
      'src/Admin.tsx': { file: 'assets/admin.js' },
    };
    writeFileSync(join(rendererDir, '.vite', 'manifest.json'), JSON.stringify(manifest));
    const needed = ['/index.js', '/bridge-shim.js', '/assets/index.css', '/assets/boot.js', '/assets/shared.js', '/assets/boot.css'];
    for (const path of [...needed, '/assets/admin.js']) writeFileSync(join(rendererDir, path), 'export {};');
    // No fallback within the test: only the files can settle it.
    const bridge = await startBridge({ rendererDir, services, log: silentLogger, pageWaitMs: 600_000 });
    let served = false;
    void bridge.pageServed.then(() => (served = true));
    try {
      expect((await send(bridge.port, '/')).status).toBe(200);
      for (const path of needed.slice(0, -1)) {
        expect((await send(bridge.port, path)).status).toBe(200);
        await new Promise((resolve) => setImmediate(resolve));
        expect(served).toBe(false);
      }
      expect((await send(bridge.port, needed.at(-1) ?? '')).status).toBe(200);
      await bridge.pageServed;
    } finally {
      await bridge.close();
    }
  });

  it('stops waiting for a page that never comes', async () => {
    const rendererDir = join(fixtureDir(), 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<html><head></head></html>');
    const bridge = await startBridge({ rendererDir, services, log: silentLogger, pageWaitMs: 10 });
    try {
      await bridge.pageServed;
    } finally {
      await bridge.close();
    }
  });
});
