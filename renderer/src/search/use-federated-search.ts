import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ConnectionSummary } from '../../../preload/contract';
import { call, errorShape, isCancelled } from '../api/client';
import { FederatedSearch, type SearchTarget } from './federated-search';
import { LeadingDebounce } from './leading-debounce';

export type { ConnectionStatus, FederatedSnapshot } from './federated-search';

/**
 * The federated search as React state. `text` should already be debounced; every change
 * of it (or of the searched connections) cancels what is in flight, end to end.
 */
export function useFederatedSearch(connections: readonly ConnectionSummary[], text: string) {
  const [engine] = useState(
    () =>
      new FederatedSearch({
        searchPage: (connectionId, query, cursor, signal) =>
          call('search.connection', { connectionId, text: query, ...(cursor ? { cursor } : {}) }, signal),
        isCancelled,
        toError: errorShape,
      }),
  );
  const snapshot = useSyncExternalStore(engine.subscribe, engine.getSnapshot);

  // Only what the search depends on, so an unrelated change to a connection (its name) starts nothing.
  const targetsKey = connections.map((c) => `${c.id}:${c.auth}`).join(',');
  const targets = useMemo<SearchTarget[]>(
    () =>
      targetsKey
        ? targetsKey.split(',').map((entry) => {
            const [id = '', auth] = entry.split(':');
            return { id, auth: auth as SearchTarget['auth'] };
          })
        : [],
    [targetsKey],
  );

  // The text last asked for, by `text` or by `searchNow`: a change of the connections while a
  // quiet start waits for its answer searches that start's text, not the panel's older one.
  const latest = useRef(text);
  const seen = useRef(text);
  useEffect(() => {
    if (text !== seen.current) latest.current = seen.current = text;
    engine.update(latest.current, targets);
  }, [engine, text, targets]);
  useEffect(() => () => engine.dispose(), [engine]);

  const loadMore = useCallback((connectionId?: string) => engine.loadMore(connectionId), [engine]);
  const retry = useCallback((target: SearchTarget) => engine.retry(target), [engine]);
  /**
   * Starts searching `next` now, from the input's event, rather than after a render: the
   * request is on its way at once. With `shown`, quietly (see FederatedSearch.update): nothing
   * renders until the first answer, when `shown` runs in the same batch. The effect above
   * then finds the same text and starts nothing again.
   */
  const searchNow = useCallback(
    (next: string, shown?: () => void) => {
      latest.current = next;
      engine.update(next, targets, shown);
    },
    [engine, targets],
  );
  return { snapshot, loadMore, retry, searchNow };
}

/**
 * The value to search for: the first change after a pause passes at once (no debounce on
 * the first keystroke); changes that follow it quickly wait until typing stops for `ms`.
 * An empty value passes at once (clearing is instant). What is superseded is cancelled by
 * FederatedSearch.update.
 */
export function useDebounced(value: string, ms: number): { value: string; passesAtOnce: (next: string) => boolean } {
  const [gate] = useState(() => new LeadingDebounce<string>(ms));
  // Asked again in render about the value an input event already asked about: the same answer.
  const passesAtOnce = useCallback((next: string) => next.trim() === '' || gate.passesAtOnce(next), [gate]);
  const atOnce = passesAtOnce(value);
  const [settled, setSettled] = useState(value);
  // A value that passes at once is settled in the render that brings it: a timer would render
  // the panel again while its answer is on the way, and hold that answer up.
  if (atOnce && settled !== value) setSettled(value);
  useEffect(() => {
    if (atOnce) return;
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms, atOnce]);
  return { value: atOnce ? value : settled, passesAtOnce };
}
