import { useEffect, useState } from 'react';

/**
 * How long a search may run before the panel shows it is busy (dimmed results, the sweep
 * under the toolbar). The name index answers in a few milliseconds: shown at once, those
 * cues would flash for one frame, and in a browser that composites in software the dimmed
 * grid's layer alone adds 15–20 ms before the answer is painted.
 */
export const busyCueDelayMs = 120;

/** True once `flag` has stayed true for `delayMs`; false as soon as `flag` is. */
export function useLateFlag(flag: boolean, delayMs: number): boolean {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!flag) return;
    const timer = setTimeout(() => setLate(true), delayMs);
    return () => {
      clearTimeout(timer);
      // Setting the same value is a no-op for React: a fast answer costs no render here.
      setLate(false);
    };
  }, [flag, delayMs]);
  return flag && late;
}

/**
 * `value`, except while something has just become busy (`busy`, not yet `late`): then the
 * value it had before. A fast answer so goes from one settled state to the next with no busy
 * state between them, which would show for one frame ("Searching…", a pulsing dot whose
 * animation gets a layer of its own) and cost that frame and the next their time.
 */
export function useHeldWhileBrief<T>(value: T, busy: boolean, late: boolean): T {
  const [held, setHeld] = useState(value);
  if (!busy && !Object.is(held, value)) setHeld(value);
  return busy && !late ? held : value;
}
