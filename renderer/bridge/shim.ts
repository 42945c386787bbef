import type { CallResult, EventName, SkyhookBridge } from '../../preload/contract';

/**
 * Development and test only: gives the page the same `window.skyhook` the Electron
 * preload gives it, carried over the bridge's WebSocket. Loaded by the bridge before the
 * app; never part of the Electron build's page. It imports nothing at run time, so it runs
 * (and opens the socket) as soon as it arrives: main checks every channel and event name.
 */
// The token leaves the address bar at once; the tab keeps it so a reload still works.
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? sessionStorage.getItem('skyhook-bridge-token') ?? '';
sessionStorage.setItem('skyhook-bridge-token', token);
history.replaceState(null, '', location.pathname);

const pending = new Map<string, (result: CallResult<unknown>) => void>();
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

type Incoming = { type: 'result'; id: string; result: CallResult<unknown> } | { type: 'event'; name: unknown; payload: unknown };
let counter = 0;
/** The socket once open: sent on at once, as Electron's IPC sends, not a microtask later (behind a render). */
let opened: WebSocket | undefined;

const socket: Promise<WebSocket> = fetch('/session', { method: 'POST', headers: { 'x-skyhook-token': token } }).then(
  (response) =>
    new Promise<WebSocket>((resolve, reject) => {
      if (!response.ok) return reject(new Error('The bridge refused this page: open the exact URL Skyhook printed.'));
      const ws = new WebSocket(`ws://${location.host}/ipc`);
      ws.onopen = () => {
        opened = ws;
        resolve(ws);
      };
      ws.onerror = () => reject(new Error('The bridge connection failed.'));
      ws.onmessage = (event) => {
        const message = JSON.parse(String(event.data)) as Incoming;
        if (message.type === 'event') {
          for (const listener of listeners.get(message.name as EventName) ?? []) listener(message.payload);
          return;
        }
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      };
      ws.onclose = () => {
        opened = undefined;
        for (const settle of pending.values()) settle({ ok: false, error: { code: 'disconnected', message: 'Skyhook stopped.' } });
        pending.clear();
      };
    }),
);

const send = (message: object) => {
  if (opened) opened.send(JSON.stringify(message));
  else void socket.then((ws) => ws.send(JSON.stringify(message)));
};

const call =
  (channel: string) =>
  (input: unknown, callId?: string): Promise<CallResult<unknown>> =>
    new Promise((resolve) => {
      const id = callId ?? `shim-${++counter}`;
      pending.set(id, resolve);
      if (opened) return send({ type: 'call', id, channel, input });
      socket.then(
        () => send({ type: 'call', id, channel, input }),
        (error: Error) => resolve({ ok: false, error: { code: 'disconnected', message: error.message } }),
      );
    });
const api: Record<string, unknown> = {};
api.cancel = (callId: string) => send({ type: 'cancel', id: callId });
api.startDrag = (input: unknown) => send({ type: 'drag', input });
// A browser never reveals where a dropped file lives. Tests stand in for Finder: a File they
// build in the page is given the path a real drop would carry (skyhookBridgeDrop); any other is ''.
const droppedPaths = new WeakMap<File, string>();
api.pathForFile = (file: File) => droppedPaths.get(file) ?? '';
(window as unknown as { skyhookBridgeDrop: (file: File, path: string) => void }).skyhookBridgeDrop = (file, path) =>
  void droppedPaths.set(file, path);
api.on = (name: EventName, listener: (payload: unknown) => void) => {
  const set = listeners.get(name) ?? new Set();
  listeners.set(name, set);
  set.add(listener);
  return () => void set.delete(listener);
};

// A dotted name ("search.connection") is a channel: main refuses an unknown one like any bad
// input. Anything else (`then`, `toJSON`) is not, so the bridge is never taken for a promise.
const isChannelName = (name: string | symbol): name is string => typeof name === 'string' && /^[a-z]+\.[A-Za-z]+$/.test(name);
const bridge = new Proxy(api, {
  get: (target, name) => (isChannelName(name) ? call(name) : (target as Record<string | symbol, unknown>)[name]),
});
(window as unknown as { skyhook: SkyhookBridge }).skyhook = bridge as SkyhookBridge;
