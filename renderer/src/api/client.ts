import type { AppErrorShape, Channel, DragInput, InputOf, OutputOf, SkyhookBridge } from '../../../preload/contract';
import { errorCodes } from '../../../preload/error-codes';

declare global {
  interface Window {
    skyhook: SkyhookBridge;
  }
}

/** A failed call, carrying the `{ code, message, fix }` main sent. */
export class CallError extends Error implements AppErrorShape {
  readonly code: string;
  readonly fix?: string;
  readonly step?: AppErrorShape['step'];
  readonly retryAfter?: number;
  constructor(shape: AppErrorShape) {
    super(shape.message);
    this.code = shape.code;
    if (shape.fix) this.fix = shape.fix;
    if (shape.step) this.step = shape.step;
    if (shape.retryAfter !== undefined) this.retryAfter = shape.retryAfter;
  }
}

let nextCall = 0;

/**
 * Calls main. An AbortSignal cancels the call end to end: main aborts the handler's
 * signal, which aborts the provider's HTTP request.
 */
export async function call<C extends Channel>(channel: C, input: InputOf<C>, signal?: AbortSignal): Promise<OutputOf<C>> {
  signal?.throwIfAborted();
  const callId = `c${++nextCall}-${Date.now().toString(36)}`;
  const onAbort = () => window.skyhook.cancel(callId);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const invoke = window.skyhook[channel] as unknown as (input: InputOf<C>, callId: string) => ReturnType<SkyhookBridge[C]>;
    const result = await invoke(input, callId);
    signal?.throwIfAborted();
    if (!result.ok) throw new CallError(result.error);
    return result.value as OutputOf<C>;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

export function startDrag(input: DragInput): void {
  window.skyhook.startDrag(input);
}

export function isCancelled(error: unknown): boolean {
  return (
    (error instanceof DOMException && error.name === 'AbortError') || (error instanceof CallError && error.code === errorCodes.cancelled)
  );
}

export function errorShape(error: unknown): AppErrorShape {
  if (error instanceof CallError) return error;
  return { code: 'internal', message: error instanceof Error ? error.message : 'Something went wrong.' };
}
