import { describe, expect, it, vi } from 'vitest';
import { EventHub } from '../../../../main/ipc/event-hub';
import type { HandlerTable } from '../../../../main/ipc/handler-table';
import { silentLogger } from '../../../../main/shared/logger';

type Listener = (event: unknown, ...args: unknown[]) => unknown;
const handlers = new Map<string, Listener>();
const listeners = new Map<string, Listener>();

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Listener) => handlers.set(channel, fn),
    on: (channel: string, fn: Listener) => listeners.set(channel, fn),
  },
  protocol: {},
  net: {},
}));

const { wireIpc } = await import('../../../../main/electron/ipc');

const mainFrame = { url: 'skyhook-app://app/index.html' };
const sender = { mainFrame };
const event = (overrides: Record<string, unknown> = {}) => ({ sender: contents, senderFrame: mainFrame, ...overrides });

const table = {
  'app.dismissProblem': async ({ code }: { code: string }) => (code === 'x' ? null : null),
} as unknown as HandlerTable;
const drags: unknown[] = [];
const sent: unknown[][] = [];
const contents = { ...sender, isDestroyed: () => false, send: (...args: unknown[]) => sent.push(args) };
const hub = new EventHub();
wireIpc(
  table,
  () => contents as never,
  (_s, input) => drags.push(input),
  silentLogger,
  hub,
);

describe('IPC wiring', () => {
  it('answers the app page in its main frame', async () => {
    expect(await handlers.get('app.dismissProblem')!(event(), { code: 'x' })).toEqual({ ok: true, value: null });
  });

  it('drops calls from another origin, a subframe or another webContents', async () => {
    const forbidden = { ok: false, error: { code: 'forbidden', message: 'Not allowed.' } };
    expect(await handlers.get('app.dismissProblem')!(event({ senderFrame: { url: 'https://evil.example/' } }), { code: 'x' })).toEqual(
      forbidden,
    );
    expect(
      await handlers.get('app.dismissProblem')!(event({ senderFrame: { url: 'skyhook-app://app/frame.html' } }), { code: 'x' }),
    ).toEqual(forbidden);
    expect(await handlers.get('app.dismissProblem')!(event({ sender: { mainFrame } }), { code: 'x' })).toEqual(forbidden);
  });

  it('rejects extra arguments and invalid input', async () => {
    const extra = (await handlers.get('app.dismissProblem')!(event(), { code: 'x' }, 'id', 'extra')) as { ok: boolean };
    expect(extra.ok).toBe(false);
    const invalid = (await handlers.get('app.dismissProblem')!(event(), { code: 5 })) as { ok: boolean; error: { code: string } };
    expect(invalid.error.code).toBe('invalid_input');
  });

  it('registers every contract channel and starts drags only for valid, trusted requests', async () => {
    const { channels } = await import('../../../../preload/contract');
    expect([...handlers.keys()].sort()).toEqual([...channels].sort());
    const connectionId = '6f1c3a4e-1b2c-4d5e-8f90-1234567890ab';
    listeners.get('item.startDrag')!(event(), { connectionId, itemId: 'a.png' });
    listeners.get('item.startDrag')!(event({ senderFrame: { url: 'https://evil.example/' } }), { connectionId, itemId: 'b.png' });
    listeners.get('item.startDrag')!(event(), { connectionId: 'nope', itemId: 'c.png' });
    expect(drags).toEqual([{ connectionId, itemId: 'a.png' }]);
  });
});

describe('IPC events', () => {
  it('sends each checked event to the app window on one channel', () => {
    const connectionId = '6f1c3a4e-1b2c-4d5e-8f90-1234567890ab';
    hub.emit('index.changed', { connectionId });
    expect(sent.at(-1)).toEqual(['app.event', 'index.changed', { connectionId }]);
  });

  it('refuses, in main, a payload that does not match the contract', () => {
    const before = sent.length;
    expect(() => hub.emit('index.changed', { connectionId: 'not-a-uuid' })).toThrow();
    expect(sent.length).toBe(before);
  });
});
