import { useEffect } from 'react';
import { call } from './api/client';

/**
 * When the window gains focus (or becomes visible again), indexes that poll for changes
 * (OneDrive's delta, every 30 s otherwise) check now, so what changed while the person was
 * in another app is listed when they come back. Fire-and-forget: main throttles repeats
 * (a window that flickers focus), and a failed check is only a missed early poll.
 */
export function useIndexCheckOnFocus(): void {
  useEffect(() => {
    const check = () => void call('index.checkNow', {}).catch(() => undefined);
    const onVisibility = () => {
      if (document.visibilityState === 'visible') check();
    };
    window.addEventListener('focus', check);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('focus', check);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
}
