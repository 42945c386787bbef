import { useEffect, useRef } from 'react';
import type { EventName, EventOf } from '../../../preload/contract';

/** Listens to a main → renderer event for the component's lifetime (the latest listener is always called). */
export function useEvent<E extends EventName>(name: E, listener: (payload: EventOf<E>) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => window.skyhook.on(name, (payload) => latest.current(payload)), [name]);
}
