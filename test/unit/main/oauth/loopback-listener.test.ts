import { createServer, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackListener, type LoopbackListener, type LoopbackOptions } from '../../../../main/oauth/loopback-listener';
import { AppError } from '../../../../main/shared/app-error';

const open: LoopbackListener[] = [];
const ipv6Loopback = hasIpv6Loopback();

async function start(overrides: Partial<LoopbackOptions> = {}): Promise<LoopbackListener> {
  const listener = await startLoopbackListener({
    port: 0,
    path: '/callback',
    expectedState: 'state-123',
    timeoutMs: 60_000,
    signal: new AbortController().signal,
    ...overrides,
  });
  open.push(listener);
  return listener;
}

async function isClosed(redirectUri: string): Promise<boolean> {
  return fetch(redirectUri).then(
    () => false,
    () => true,
  );
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

describe('startLoopbackListener', () => {
  it('binds 127.0.0.1 and resolves with every parameter of a GET callback, then closes', async () => {
    const listener = await start();
    expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const response = await fetch(`${listener.redirectUri}?code=abc&state=state-123&extra=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('You can close this tab and return to Skyhook');
    const params = await listener.result;
    expect(Object.fromEntries(params)).toEqual({ code: 'abc', state: 'state-123', extra: '1' });
    await listener.close();
    expect(await isClosed(listener.redirectUri)).toBe(true);
  });

  it('accepts a form_post callback', async () => {
    const listener = await start();
    const response = await fetch(listener.redirectUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code: 'posted', state: 'state-123' }),
    });
    expect(response.status).toBe(200);
    expect((await listener.result).get('code')).toBe('posted');
  });

  it('answers 400 to a wrong or missing state and keeps waiting for the right one', async () => {
    const listener = await start();
    expect((await fetch(`${listener.redirectUri}?code=evil&state=other`)).status).toBe(400);
    expect((await fetch(`${listener.redirectUri}?code=evil`)).status).toBe(400);
    expect((await fetch(`${listener.redirectUri}?error=access_denied`)).status).toBe(400);
    const ok = await fetch(`${listener.redirectUri}?code=good&state=state-123`);
    expect(ok.status).toBe(200);
    expect((await listener.result).get('code')).toBe('good');
  });

  it('answers 404 for other paths without settling', async () => {
    const listener = await start();
    const base = new URL(listener.redirectUri);
    expect((await fetch(`${base.origin}/favicon.ico`)).status).toBe(404);
    await fetch(`${listener.redirectUri}?code=x&state=state-123`);
    expect((await listener.result).get('code')).toBe('x');
  });

  it('rejects with sign_in_refused and shows the escaped description', async () => {
    const listener = await start();
    const response = await fetch(
      `${listener.redirectUri}?${new URLSearchParams({ error: 'access_denied', error_description: 'The user <b>denied</b> access', state: 'state-123' })}`,
    );
    const html = await response.text();
    expect(html).toContain('The user &#60;b&#62;denied&#60;/b&#62; access');
    expect(html).not.toContain('<b>denied</b>');
    expect(html).toContain('You can close this tab and return to Skyhook');
    const error = await listener.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('sign_in_refused');
    expect((error as AppError).message).toContain('The user <b>denied</b> access');
  });

  it('is single use: closes after the first valid callback', async () => {
    const listener = await start();
    await fetch(`${listener.redirectUri}?code=one&state=state-123`);
    await listener.result;
    // The server shuts itself down once the page has been sent, without close().
    await expect.poll(() => isClosed(listener.redirectUri)).toBe(true);
  });

  it('times out with sign_in_timeout and closes', async () => {
    const listener = await start({ timeoutMs: 20 });
    const error = await listener.result.catch((e: unknown) => e);
    expect((error as AppError).code).toBe('sign_in_timeout');
    await expect.poll(() => isClosed(listener.redirectUri)).toBe(true);
  });

  it('rejects with the abort reason when the signal aborts, and closes', async () => {
    const controller = new AbortController();
    const listener = await start({ signal: controller.signal });
    const reason = new Error('user cancelled');
    controller.abort(reason);
    await expect(listener.result).rejects.toBe(reason);
    await expect.poll(() => isClosed(listener.redirectUri)).toBe(true);
  });

  it('refuses to start with an already aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(start({ signal: controller.signal })).rejects.toThrow('gone');
  });

  it('reports a busy port as port_in_use with a fix naming the port', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const error = await start({ port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('port_in_use');
      expect((error as AppError).fix).toContain(String(port));
      expect((error as AppError).fix).toMatch(/another port/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('close() before any callback settles the result and frees the port', async () => {
    const listener = await start();
    await listener.close();
    await expect(listener.result).rejects.toMatchObject({ code: 'cancelled' });
    expect(await isClosed(listener.redirectUri)).toBe(true);
  });

  describe.runIf(ipv6Loopback)('for a localhost redirect URI (both loopbacks)', () => {
    it('holds the port on [::1] too, takes the callback there, and frees both', async () => {
      const listener = await start({ bothLoopbacks: true });
      const port = new URL(listener.redirectUri).port;
      // Nobody else can take [::1] on this port while the sign-in waits.
      const squatter = createServer();
      const taken = await new Promise<boolean>((resolve) => {
        squatter.once('error', () => resolve(true));
        squatter.listen(Number(port), '::1', () => resolve(false));
      });
      squatter.close();
      expect(taken).toBe(true);
      const response = await fetch(`http://[::1]:${port}/callback?code=v6&state=state-123`);
      expect(response.status).toBe(200);
      expect((await listener.result).get('code')).toBe('v6');
      await listener.close();
      expect(await isClosed(`http://[::1]:${port}/callback`)).toBe(true);
      expect(await isClosed(listener.redirectUri)).toBe(true);
    });

    it('refuses to start when another program already holds [::1] on the port, and frees 127.0.0.1 again', async () => {
      const squatter = createServer();
      await new Promise<void>((resolve) => squatter.listen(0, '::1', resolve));
      const port = (squatter.address() as { port: number }).port;
      try {
        const error = await start({ port, bothLoopbacks: true }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('port_in_use');
        expect(await isClosed(`http://127.0.0.1:${port}/callback`)).toBe(true);
      } finally {
        squatter.close();
      }
    });
  });
});

/** Some CI machines have IPv6 turned off; there the listener skips [::1] and so do these tests. */
function hasIpv6Loopback(): boolean {
  return Object.values(networkInterfaces()).some((addresses) => addresses?.some((a) => a.address === '::1'));
}
