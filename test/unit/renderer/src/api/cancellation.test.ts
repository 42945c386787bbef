import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { CallResult, SkyhookBridge } from '../../../../../preload/contract';
import { startBridge, type Bridge } from '../../../../../main/bridge/bridge-server';
import type { HandlerTable } from '../../../../../main/ipc/handler-table';
import { silentLogger } from '../../../../../main/shared/logger';
import { call, isCancelled } from '../../../../../renderer/src/api/client';

/**
 * Cancellation end to end, in the two halves a test can drive without a browser:
 * the renderer's AbortSignal becomes a `cancel(callId)` for the same call, and a cancel
 * arriving at the bridge aborts the provider's HTTP request at the (fake) server.
 */

describe('renderer call() and AbortSignal', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends cancel for the very call that was aborted, and the call ends as cancelled', async () => {
    const invoked: string[] = [];
    const cancelled: string[] = [];
    const settle = new Map<string, (result: CallResult<unknown>) => void>();
    vi.stubGlobal('window', {
      skyhook: {
        'search.connection': (_input: unknown, callId: string) => {
          invoked.push(callId);
          return new Promise<CallResult<unknown>>((resolve) => settle.set(callId, resolve));
        },
        // As main does: a cancelled call is answered with `cancelled`.
        cancel: (callId: string) => {
          cancelled.push(callId);
          settle.get(callId)?.({ ok: false, error: { code: 'cancelled', message: 'Cancelled.' } });
        },
      } as unknown as SkyhookBridge,
    });
    const controller = new AbortController();
    const pending = call('search.connection', { connectionId: '0b7f3a52-8c1e-4c1e-9f43-2a2c5d7e9b10', text: 'aurora' }, controller.signal);
    const other = call('search.connection', { connectionId: '0b7f3a52-8c1e-4c1e-9f43-2a2c5d7e9b10', text: 'other' });
    expect(cancelled).toEqual([]);
    controller.abort();
    expect(invoked).toHaveLength(2);
    expect(cancelled).toEqual([invoked[0]]);
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCancelled(error)).toBe(true);
    settle.get(invoked[1] ?? '')?.({ ok: true, value: { hits: [] } });
    expect(await other).toEqual({ hits: [] });
  });

  it('does not even send a call whose signal is already aborted', async () => {
    const invoked: string[] = [];
    vi.stubGlobal('window', { skyhook: { 'search.connection': (_i: unknown, id: string) => invoked.push(id) } });
    const error = await call(
      'search.connection',
      { connectionId: '0b7f3a52-8c1e-4c1e-9f43-2a2c5d7e9b10', text: 'x' },
      AbortSignal.abort(),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCancelled(error)).toBe(true);
    expect(invoked).toEqual([]);
  });
});

describe('bridge → handler → provider HTTP request', () => {
  let fake: Server;
  let fakeUrl: string;
  let bridge: Bridge;
  let rendererDir: string;
  const arrived: IncomingMessage[] = [];
  const abortedAtFake: string[] = [];

  beforeAll(async () => {
    // A provider API that never answers: only an abort ends its requests.
    fake = createServer((req) => {
      arrived.push(req);
      req.socket.on('close', () => abortedAtFake.push(req.url ?? ''));
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;

    rendererDir = mkdtempSync(join(tmpdir(), 'skyhook-cancel-'));
    writeFileSync(join(rendererDir, 'index.html'), '<html><head></head><body></body></html>');
    const handlers = {
      'search.connection': async ({ text }: { text: string }, signal: AbortSignal) => {
        await fetch(`${fakeUrl}/search?q=${encodeURIComponent(text)}`, { signal });
        return { hits: [] };
      },
    } as unknown as HandlerTable;
    bridge = await startBridge({
      rendererDir,
      services: { handlers, resolveMedia: async () => '', startDrag: async () => undefined },
      log: silentLogger,
    });
  });

  afterAll(async () => {
    await bridge.close();
    fake.closeAllConnections();
    await new Promise<void>((resolve) => fake.close(() => resolve()));
    rmSync(rendererDir, { recursive: true, force: true });
  });

  it('aborts the stale search at the fake server and answers the call as cancelled', async () => {
    const origin = `http://127.0.0.1:${bridge.port}`;
    const token = new URL(bridge.url).hash.replace('#token=', '');
    const session = await fetch(`${origin}/session`, { method: 'POST', headers: { 'x-skyhook-token': token, origin } });
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ipc`, { headers: { origin, cookie } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const results = new Map<string, CallResult<unknown>>();
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id: string; result: CallResult<unknown> };
      results.set(message.id, message.result);
    });

    const connectionId = '0b7f3a52-8c1e-4c1e-9f43-2a2c5d7e9b10';
    ws.send(JSON.stringify({ type: 'call', id: 'stale', channel: 'search.connection', input: { connectionId, text: 'aur' } }));
    await vi.waitFor(() => expect(arrived.map((r) => r.url)).toEqual(['/search?q=aur']));
    expect(abortedAtFake).toEqual([]);

    ws.send(JSON.stringify({ type: 'cancel', id: 'stale' }));
    await vi.waitFor(() => expect(abortedAtFake).toEqual(['/search?q=aur']));
    await vi.waitFor(() => expect(results.get('stale')).toEqual({ ok: false, error: { code: 'cancelled', message: 'Cancelled.' } }));
    ws.close();
  });
});
