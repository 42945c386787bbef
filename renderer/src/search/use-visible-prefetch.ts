import { useCallback, useEffect, useRef, useState } from 'react';
import type { SearchHit } from '../../../preload/contract';
import { call } from '../api/client';
import { afterNextPaint } from './after-next-paint';
import { defaultPrefetchBudget, planPrefetch, type PrefetchBudget } from './prefetch-plan';

export interface VisiblePrefetchOptions {
  /** Results on screen, most visible first. */
  visible: readonly SearchHit[];
  /** The query the results belong to: a new one starts a new budget. */
  query: string;
  /** A search is in flight: its requests go first. */
  paused: boolean;
  /** Off by the person's setting or a low-data connection. */
  enabled: boolean;
  /** An original arrived on disk: a drag of it will start at once. */
  onReady(hit: SearchHit): void;
  budget?: PrefetchBudget;
}

/**
 * Ready before the drag: fetches the originals of the results on screen, most visible
 * first, within a budget; pauses while a search is in flight and cancels what scrolls away.
 */
export function useVisiblePrefetch({
  visible,
  query,
  paused,
  enabled,
  onReady,
  budget = defaultPrefetchBudget,
}: VisiblePrefetchOptions): void {
  const running = useRef(new Map<string, { bytes: number; controller: AbortController }>());
  const settled = useRef(new Set<string>());
  const spent = useRef(0);
  const [finished, setFinished] = useState(0);
  /** The query of the last screen of results seen: an empty screen of the same query is a refresh. */
  const shownQuery = useRef(query);
  const ready = useRef(onReady);
  useEffect(() => {
    ready.current = onReady;
  }, [onReady]);

  const stopAll = useCallback(() => {
    for (const { controller } of running.current.values()) controller.abort();
    running.current.clear();
  }, []);

  // A new search: a fresh budget; what the old one fetched stays on disk (and settled).
  useEffect(() => {
    spent.current = 0;
  }, [query]);
  useEffect(() => stopAll, [stopAll]);

  // After the paint: a new screen of results is committed in the task its answer came in, and
  // these calls (and the cancels of what scrolled away) would hold up that screen's frame.
  useEffect(
    () =>
      afterNextPaint(() => {
        // Results of the same query refreshed (an index change asks again): the screen is empty
        // for a moment. What runs keeps running; a new query empties it for good and cancels.
        if (visible.length === 0 && shownQuery.current === query) return;
        shownQuery.current = query;
        const candidates = enabled ? visible.map((hit) => ({ key: hit.key, ...(hit.size !== undefined ? { size: hit.size } : {}) })) : [];
        const byKey = new Map(visible.map((hit) => [hit.key, hit]));
        const step = planPrefetch(
          candidates,
          { running: new Map([...running.current].map(([key, r]) => [key, r.bytes])), settled: settled.current, spentBytes: spent.current },
          budget,
          paused,
        );
        for (const key of step.cancel) {
          running.current.get(key)?.controller.abort();
          running.current.delete(key);
        }
        for (const candidate of step.start) {
          const hit = byKey.get(candidate.key);
          if (!hit) continue;
          const controller = new AbortController();
          const bytes = candidate.size ?? budget.maxFileBytes;
          running.current.set(hit.key, { bytes, controller });
          call('item.prefetch', { connectionId: hit.connectionId, itemId: hit.itemId }, controller.signal)
            .then(
              (result) => {
                settled.current.add(hit.key);
                spent.current += result.size ?? bytes;
                ready.current(hit);
              },
              () => {
                // Cancelled (scrolled away) → may be fetched again when it comes back; failed → not retried here.
                if (!controller.signal.aborted) settled.current.add(hit.key);
              },
            )
            .finally(() => {
              if (running.current.get(hit.key)?.controller === controller) running.current.delete(hit.key);
              setFinished((n) => n + 1);
            });
        }
      }),
    [visible, query, paused, enabled, budget, finished],
  );
}
