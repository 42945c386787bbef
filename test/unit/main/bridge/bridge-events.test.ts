import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridge, type Bridge } from '../../../../main/bridge/bridge-server';
import { EventHub } from '../../../../main/ipc/event-hub';
import { silentLogger } from '../../../../main/shared/logger';
import { handlerTable, useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs('file');
const connectionId = '3f2c7a4e-9b1d-4c8e-8f00-123456789abc';

describe('bridge events', () => {
  const hub = new EventHub();
  let bridge: Bridge;
  let origin: string;
  let cookie: string;

  beforeAll(async () => {
    const rendererDir = join(tempDir(), 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    bridge = await startBridge({
      rendererDir,
      services: {
        handlers: handlerTable({}),
        resolveMedia: async () => {
          throw new Error('no media here');
        },
        startDrag: async () => undefined,
        events: hub,
      },
      log: silentLogger,
      pageWaitMs: 0,
    });
    const url = new URL(bridge.url);
    origin = url.origin;
    const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
    const session = await fetch(`${origin}/session`, { method: 'POST', headers: { 'X-Skyhook-Token': token, Origin: origin } });
    cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });
  afterAll(() => bridge.close());

  const open = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc`, { headers: { Cookie: cookie, Origin: origin } });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });

  it('pushes each event to every connected page, checked against the contract', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const received = Promise.all(
      [a, b].map((ws) => new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))))),
    );
    hub.emit('index.status', { connectionId, state: 'indexing', items: 12_340 });
    expect(await received).toEqual([
      { type: 'event', name: 'index.status', payload: { connectionId, state: 'indexing', items: 12_340 } },
      { type: 'event', name: 'index.status', payload: { connectionId, state: 'indexing', items: 12_340 } },
    ]);
    a.close();
    b.close();
    await expect.poll(() => hub.listeners).toBe(0);
  });

  it('forgets a page once its socket closes', async () => {
    const ws = await open();
    expect(hub.listeners).toBe(1);
    ws.close();
    await expect.poll(() => hub.listeners).toBe(0);
  });
});
