import { contract, errorCodes, type CallResult, type Channel } from '../../preload/contract';
import { AppError, isAbortError } from '../shared/app-error';
import type { Logger } from '../shared/logger';
import type { HandlerTable } from './handler-table';

const isChannel = (name: unknown): name is Channel => typeof name === 'string' && Object.hasOwn(contract, name);

/**
 * Runs one call from the renderer: checks the channel, validates the argument with the
 * contract's schema, runs the handler, and turns every failure into `{ code, message, fix }`.
 * Used by both the Electron IPC wiring and the browser bridge, so both behave the same.
 */
export async function dispatch(
  table: HandlerTable,
  channel: unknown,
  rawInput: unknown,
  signal: AbortSignal,
  log: Logger,
): Promise<CallResult<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: errorCodes.unknownChannel, message: 'Unknown request.' } };
  }
  const parsed = contract[channel].input.safeParse(rawInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
    return { ok: false, error: { code: errorCodes.invalidInput, message: `${issue?.message ?? 'Invalid input.'}${where}` } };
  }
  // Cancelled before it ran (the bridge holds calls while main's services start).
  if (signal.aborted) return { ok: false, error: { code: errorCodes.cancelled, message: 'Cancelled.' } };
  try {
    const handler = table[channel] as (input: unknown, signal: AbortSignal) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data, signal) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toShape() };
    if (signal.aborted || isAbortError(error)) return { ok: false, error: { code: errorCodes.cancelled, message: 'Cancelled.' } };
    // Library messages can echo requests; log the type only and tell the user plainly.
    log.error('unexpected failure', { channel, error: error instanceof Error ? error.name : typeof error });
    return {
      ok: false,
      error: {
        code: errorCodes.internal,
        message: 'Something went wrong inside Skyhook.',
        fix: 'Try again; if it keeps happening, restart Skyhook.',
      },
    };
  }
}

/** Tracks cancellable calls per sender so `call.cancel` can abort the right one. */
export class CallTracker {
  private readonly calls = new Map<string, AbortController>();

  start(callId: string | undefined): AbortSignal {
    const controller = new AbortController();
    if (callId) this.calls.get(callId)?.abort();
    if (callId) this.calls.set(callId, controller);
    return controller.signal;
  }

  finish(callId: string | undefined): void {
    if (callId) this.calls.delete(callId);
  }

  cancel(callId: string): void {
    this.calls.get(callId)?.abort(new DOMException('Cancelled by the renderer', 'AbortError'));
    this.calls.delete(callId);
  }

  cancelAll(): void {
    for (const controller of this.calls.values()) controller.abort();
    this.calls.clear();
  }
}
