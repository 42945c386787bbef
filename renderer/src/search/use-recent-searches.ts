import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../api/client';
import { rememberSearch } from './recent-searches';

/** Recent searches, kept in the settings file by main so they survive a restart. */
export function useRecentSearches() {
  const [items, setItems] = useState<string[]>([]);
  const current = useRef<string[]>([]);

  const save = useCallback((next: string[]) => {
    current.current = next;
    setItems(next);
    // Losing a recent search is harmless: no need to interrupt the user about it.
    call('search.setRecent', { items: next }).catch(() => undefined);
  }, []);

  useEffect(() => {
    let live = true;
    call('search.recent', {}).then(
      (saved) => {
        if (!live) return;
        // Anything searched while the list was loading goes on top of the saved ones.
        const merged = current.current.reduceRight(rememberSearch, saved);
        current.current = merged;
        setItems(merged);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const remember = useCallback(
    (text: string) => {
      const next = rememberSearch(current.current, text);
      if (next.join('\n') !== current.current.join('\n')) save(next);
    },
    [save],
  );

  const clear = useCallback(() => save([]), [save]);

  return { items, remember, clear };
}
