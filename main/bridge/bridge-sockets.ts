import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { dragInput, errorCodes, type CallResult } from '../../preload/contract';
import { CallTracker, dispatch } from '../ipc/dispatch';
import type { Logger } from '../shared/logger';
import type { BridgeServices } from './bridge-server';
import { invalidMessage, readEnvelope } from './envelope';

/** Bigger than any real call (a profile is at most 512 KiB of text); a huge frame is refused. */
const maxMessageBytes = 2 * 1024 * 1024;
/** Calls one page may have running at once; more is not a page but a flood. */
const maxCallsInFlight = 256;
/** The answer to a call when main's services failed to start (the process is about to exit). */
const notStarted: CallResult<never> = { ok: false, error: { code: errorCodes.internal, message: 'Skyhook could not start.' } };

export interface IpcSockets {
  /** Takes over a request the bridge has checked (Host, Origin, path, session). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

/**
 * The bridge's WebSocket side: each page's calls, cancels and drags go to main's services
 * (waiting for them while they start), and their events come back. Loaded by the bridge
 * apart from its HTTP side, which serves the page without any of this.
 */
export function ipcSockets(services: Promise<BridgeServices>, log: Logger): IpcSockets {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  sockets.on('error', (error) => log.warn('bridge socket server error', { error: error.name }));

  function serveSocket(ws: WebSocket): void {
    const calls = new CallTracker();
    let inFlight = 0;
    const reply = (message: object) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    let closed = false;
    let unsubscribe: (() => void) | undefined;
    void services.then(
      ({ events }) => {
        if (!closed) unsubscribe = events?.subscribe((name, payload) => reply({ type: 'event', name, payload }));
      },
      () => undefined,
    );
    // A malformed frame (bad UTF-8, reserved bits or opcodes, an unmasked or oversized frame,
    // a bad close code) ends this socket with the right close code; without a listener it
    // would end the process.
    ws.on('error', (error) => log.warn('bridge socket closed on a malformed frame', { error: error.name }));
    ws.on('close', () => {
      closed = true;
      calls.cancelAll();
      unsubscribe?.();
    });
    ws.on('message', (data, isBinary) => {
      const read = readEnvelope(data, isBinary);
      if ('refusal' in read) return reply(read.refusal);
      const parsed = read.envelope;
      if (parsed.type === 'cancel') {
        // Test seam: lets end-to-end tests see that a renderer's cancel reached main.
        if (process.env.SKYHOOK_TRACE_CALLS === '1') process.stdout.write(`SKYHOOK_CANCEL=${parsed.id}\n`);
        return calls.cancel(parsed.id);
      }
      if (parsed.type === 'drag') {
        const input = dragInput.safeParse(parsed.input);
        if (!input.success) return reply({ type: 'error', error: invalidMessage });
        void services
          .then(({ startDrag }) => startDrag(input.data))
          .catch((error: unknown) => log.warn('drag failed', { error: error instanceof Error ? error.name : typeof error }));
        return;
      }
      const { id, channel, input } = parsed;
      if (inFlight >= maxCallsInFlight) {
        return reply({
          type: 'result',
          id,
          result: { ok: false, error: { code: 'busy', message: 'Too many requests at once.', fix: 'Reload the page.' } },
        });
      }
      inFlight++;
      const signal = calls.start(id);
      void services
        .then(
          ({ handlers }) => dispatch(handlers, channel, input, signal, log),
          () => notStarted,
        )
        .then((result) => {
          inFlight--;
          calls.finish(id);
          reply({ type: 'result', id, result });
        });
    });
  }

  return {
    upgrade: (req, socket, head) => sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws)),
    close: () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
    },
  };
}
