import { useEffect, useRef, useState } from 'react';
import type { AppErrorShape, ConnectionSummary, SearchHit } from '../../../preload/contract';
import { call, errorShape, isCancelled } from '../api/client';

export type ConnectionSearchState =
  | { status: 'searching'; hits: SearchHit[] }
  | { status: 'done'; hits: SearchHit[]; total?: number; nextCursor?: string; loadingMore?: boolean }
  | { status: 'needs-sign-in'; hits: SearchHit[] }
  | { status: 'error'; hits: SearchHit[]; error: AppErrorShape };

export const debounceMs = 180;

/**
 * Searches every given connection at once. Each connection's results land as soon as
 * they arrive, and a new query aborts the previous one in every connection, end to end.
 * `connections` must be memoised by the caller: a new array starts a new search.
 */
export function useFederatedSearch(connections: ConnectionSummary[], text: string) {
  const [states, setStates] = useState<Record<string, ConnectionSearchState>>({});
  const controller = useRef<AbortController | undefined>(undefined);

  useEffect(() => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    const timer = setTimeout(() => {
      const initial: Record<string, ConnectionSearchState> = {};
      for (const c of connections) initial[c.id] = c.auth === 'needs-sign-in' ? { status: 'needs-sign-in', hits: [] } : { status: 'searching', hits: [] };
      setStates(initial);
      for (const c of connections) {
        if (c.auth === 'needs-sign-in') continue;
        call('search.connection', { connectionId: c.id, text }, current.signal).then(
          (page) =>
            setStates((s) => ({
              ...s,
              [c.id]: { status: 'done', hits: page.hits, ...(page.total !== undefined ? { total: page.total } : {}), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
            })),
          (error: unknown) => {
            if (isCancelled(error)) return;
            const shape = errorShape(error);
            setStates((s) => ({
              ...s,
              [c.id]: shape.code === 'needs_sign_in' ? { status: 'needs-sign-in', hits: [] } : { status: 'error', hits: [], error: shape },
            }));
          },
        );
      }
    }, debounceMs);
    return () => {
      clearTimeout(timer);
      current.abort();
    };
  }, [connections, text]);

  const loadMore = (connectionId: string) => {
    const state = states[connectionId];
    if (state?.status !== 'done' || !state.nextCursor || state.loadingMore) return;
    const signal = controller.current?.signal;
    setStates((s) => ({ ...s, [connectionId]: { ...state, loadingMore: true } }));
    call('search.connection', { connectionId, text, cursor: state.nextCursor }, signal).then(
      (page) =>
        setStates((s) => ({
          ...s,
          [connectionId]: {
            status: 'done',
            hits: [...state.hits, ...page.hits],
            ...(page.total !== undefined ? { total: page.total } : {}),
            ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
          },
        })),
      (error: unknown) => {
        if (!isCancelled(error)) setStates((s) => ({ ...s, [connectionId]: { status: 'error', hits: state.hits, error: errorShape(error) } }));
      },
    );
  };

  return { states, loadMore };
}
