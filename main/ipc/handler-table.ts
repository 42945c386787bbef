import type { Channel, InputOf, OutputOf } from '../../preload/contract';

/** One contract channel's implementation: the validated input and a signal the caller can cancel. */
export type Handler<C extends Channel> = (input: InputOf<C>, signal: AbortSignal) => Promise<OutputOf<C>>;
export type HandlerTable = { [C in Channel]: Handler<C> };
