import type { Channel } from '../../preload/contract';
import type { HandlerTable } from './handler-table';

/**
 * The handler table with `after` run once each of `channels` has answered successfully
 * (its result is returned unchanged). For services that must follow what the renderer
 * changed: the name index re-syncs, Samples may retire.
 */
export function afterCalls(handlers: HandlerTable, channels: readonly Channel[], after: () => Promise<void> | void): HandlerTable {
  const wrapped = { ...handlers };
  for (const channel of channels) {
    const original = handlers[channel] as (input: unknown, signal: AbortSignal) => Promise<unknown>;
    (wrapped as Record<string, unknown>)[channel] = async (input: unknown, signal: AbortSignal) => {
      const result = await original(input, signal);
      await after();
      return result;
    };
  }
  return wrapped;
}
