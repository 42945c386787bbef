import { events, type EventName, type EventOf } from '../../preload/contract';

/** Where one window (an Electron webContents, a bridge socket) receives events. */
export type EventSink = (name: EventName, payload: unknown) => void;

/**
 * Main → renderer events. Services emit; each transport subscribes a sink per window.
 * A payload that does not match the contract is a bug in main, so it throws here, in
 * main, rather than reaching a renderer that trusts the schema.
 */
export class EventHub {
  private readonly sinks = new Set<EventSink>();

  emit<E extends EventName>(name: E, payload: EventOf<E>): void {
    const checked = events[name].parse(payload);
    for (const sink of this.sinks) sink(name, checked);
  }

  /** Windows listening now: a page that reconnects must not leave its old sink behind. */
  get listeners(): number {
    return this.sinks.size;
  }

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }
}
