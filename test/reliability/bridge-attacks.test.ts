import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as tcpConnect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../main/bridge/bridge-server';
import { silentLogger } from '../../main/shared/logger';
import { handlerTable, useTempDirs } from '../harness/unit';
import { recordFigure } from './figures';

/**
 * Attacks on the browser bridge from outside: a web page's `<img>`, a local program that
 * got hold of a cookie, and raw WebSocket frames that break the protocol. The bridge must
 * answer each with a refusal and keep serving; one unhandled error would end the process.
 */

const tempDir = useTempDirs('file');

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(-1));
    });
    req.on('error', reject);
    req.end();
  });
}

async function sessionCookie(bridge: Bridge): Promise<string> {
  const url = new URL(bridge.url);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: bridge.port, path: '/session', method: 'POST', headers: { 'X-Skyhook-Token': token, Origin: url.origin } },
      (res) => {
        res.resume();
        resolve((res.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '');
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A WebSocket handshake by hand, so the frames after it can be anything. */
function rawSocket(port: number, cookie: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1', () => {
      socket.write(
        [
          'GET /ipc HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          `Origin: http://127.0.0.1:${port}`,
          `Cookie: ${cookie}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      );
    });
    socket.once('data', (head: Buffer) =>
      head.toString().startsWith('HTTP/1.1 101') ? resolve(socket) : reject(new Error(head.toString())),
    );
    socket.once('error', reject);
  });
}

/** One frame: `first` is FIN/RSV/opcode; masked as clients must unless `masked` is false. */
function frame(first: number, payload: Buffer, options: { masked?: boolean; claimedLength?: bigint } = {}): Buffer {
  const masked = options.masked ?? true;
  const maskBit = masked ? 0x80 : 0;
  let header: Buffer;
  if (options.claimedLength !== undefined) {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(options.claimedLength, 2);
  } else {
    header = Buffer.from([first, maskBit | payload.length]);
  }
  if (!masked) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  return Buffer.concat([header, key, Buffer.from(payload.map((b, i) => b ^ key[i % 4]!))]);
}

/** Resolves once the server has closed the connection (true) or it stayed open for a while (false). */
function closedByServer(socket: Socket): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, 5_000);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.resume();
  });
}

describe('browser bridge under attack', () => {
  let bridge: Bridge;
  let other: Bridge;
  let cookie: string;
  let base: string;

  beforeAll(async () => {
    base = tempDir();
    const rendererDir = join(base, 'renderer');
    mkdirSync(join(rendererDir, 'assets', 'fonts'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'void 0;');
    writeFileSync(join(base, 'thumb.webp'), 'WEBP');
    execFileSync('mkfifo', [join(base, 'fifo.webp')]);
    const cached: Record<string, string> = {
      folder: base,
      missing: join(base, 'missing.webp'),
      eio: '/proc/self/mem',
      fifo: join(base, 'fifo.webp'),
      ok: join(base, 'thumb.webp'),
    };
    const options = {
      rendererDir,
      services: {
        handlers: handlerTable({ 'app.dismissProblem': async () => null }),
        resolveMedia: async (path: string) => cached[path.split('/').at(-1) ?? ''] ?? cached.ok!,
        startDrag: async () => undefined,
      },
      log: silentLogger,
    };
    bridge = await startBridge(options);
    other = await startBridge(options);
    cookie = await sessionCookie(bridge);
  });
  afterAll(async () => {
    await bridge.close();
    await other.close();
  });

  const alive = async () => (await get(bridge.port, '/')) === 200;

  it('malformed WebSocket frames close that socket only', async () => {
    const probes: Array<[string, Buffer]> = [
      ['invalid UTF-8', frame(0x81, Buffer.from([0xc3, 0x28, 0xff]))],
      ['RSV1 without an extension', frame(0xc1, Buffer.from('{}'))],
      ['unmasked client frame', frame(0x81, Buffer.from('{}'), { masked: false })],
      ['reserved opcode 3', frame(0x83, Buffer.from('x'))],
      ['reserved control opcode 11', frame(0x8b, Buffer.alloc(0))],
      ['close code 999', frame(0x88, Buffer.from([0x03, 0xe7]))],
      ['close with one byte', frame(0x88, Buffer.from([0x03]))],
      ['fragmented ping', frame(0x09, Buffer.from('x'))],
      ['oversize length (1 TiB claimed)', frame(0x82, Buffer.alloc(0), { claimedLength: 2n ** 40n })],
      ['oversize length (3 MiB sent)', frame(0x82, Buffer.alloc(0), { claimedLength: 3n * 1024n * 1024n })],
    ];
    let failures = 0;
    const failed: string[] = [];
    for (const [label, bytes] of probes) {
      const socket = await rawSocket(bridge.port, cookie);
      const closed = closedByServer(socket);
      socket.write(bytes);
      const ok = (await closed) && (await alive());
      if (!ok) {
        failures++;
        failed.push(label);
      }
    }
    // A well-formed socket still works after all of that.
    const good = await rawSocket(bridge.port, cookie);
    const answer = new Promise<string>((resolve) => good.once('data', (d: Buffer) => resolve(d.subarray(2).toString())));
    good.write(
      frame(0x81, Buffer.from(JSON.stringify({ type: 'call', id: 'after', channel: 'app.dismissProblem', input: { code: 'x' } }))),
    );
    expect(JSON.parse(await answer)).toEqual({ type: 'result', id: 'after', result: { ok: true, value: null } });
    good.destroy();
    recordFigure({
      probe: 'bridge: malformed WebSocket frames',
      tries: probes.length,
      failures,
      lost: 0,
      ...(failed.length ? { note: failed.join(', ') } : {}),
    });
    expect(failed).toEqual([]);
  });

  it('static paths that are folders, missing or outside the build are 404s', async () => {
    const paths = [
      '/assets',
      '/assets/',
      '/assets/fonts',
      '/assets/fonts/',
      '/assets/missing.js',
      '/../thumb.webp',
      '/%2e%2e/thumb.webp',
      '/assets/%2e%2e/%2e%2e/thumb.webp',
    ];
    let failures = 0;
    for (const path of paths) if ((await get(bridge.port, path)) !== 404 || !(await alive())) failures++;
    recordFigure({ probe: 'bridge: GET a folder / outside the build', tries: paths.length, failures, lost: 0 });
    expect(failures).toBe(0);
  });

  it('cached media that cannot be read (folder, FIFO, EIO, missing) is a 404', async () => {
    const headers = { Cookie: cookie, Referer: `http://127.0.0.1:${bridge.port}/` };
    const names = ['folder', 'fifo', 'eio', 'missing'];
    let failures = 0;
    for (const name of names) if ((await get(bridge.port, `/media/thumb/c/${name}`, headers)) !== 404 || !(await alive())) failures++;
    expect(await get(bridge.port, '/media/thumb/c/ok', headers)).toBe(200);
    recordFigure({ probe: 'bridge: unreadable cached media', tries: names.length, failures, lost: 0 });
    expect(failures).toBe(0);
  });

  it("one bridge's cookie opens nothing on another port", async () => {
    const [name, value] = cookie.split('=') as [string, string];
    const attempts = [
      { Cookie: cookie },
      { Cookie: `skyhook_bridge_${other.port}=${value}` },
      { Cookie: `${name}=${value}; skyhook_bridge_${other.port}=${value}` },
    ];
    let failures = 0;
    for (const headers of attempts) {
      if ((await get(other.port, '/media/thumb/c/ok', { ...headers, Referer: `http://127.0.0.1:${other.port}/` })) !== 403) failures++;
    }
    // A server on another port that the browser sends the cookie to learns a session id, not
    // the printed token: it cannot trade it for a session of its own.
    const origin = `http://127.0.0.1:${bridge.port}`;
    if ((await get(bridge.port, '/session', { 'X-Skyhook-Token': value, Origin: origin }, 'POST')) !== 403) failures++;
    recordFigure({ probe: 'bridge: cookie replayed on another port', tries: attempts.length + 1, failures, lost: 0 });
    expect(failures).toBe(0);
  });

  it('media with the cookie but not from the bridge page is refused', async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { Referer: 'http://evil.example/page' },
      { Referer: `http://127.0.0.1:${other.port}/` },
      { Referer: 'not a url' },
      { Origin: 'null' },
      { Origin: 'http://evil.example', Referer: `http://127.0.0.1:${bridge.port}/` },
      { 'Sec-Fetch-Site': 'cross-site', Referer: `http://127.0.0.1:${bridge.port}/` },
      { 'Sec-Fetch-Site': 'same-site', Referer: `http://127.0.0.1:${bridge.port}/` },
    ];
    let failures = 0;
    for (const headers of attempts) if ((await get(bridge.port, '/media/thumb/c/ok', { ...headers, Cookie: cookie })) !== 403) failures++;
    recordFigure({ probe: 'bridge: media without the page as Origin/Referer', tries: attempts.length, failures, lost: 0 });
    expect(failures).toBe(0);
  });
});
