import { useCallback, useEffect, useState } from 'react';
import type { AppErrorShape, FolderEntry, SearchHit } from '../../../preload/contract';
import { call, errorShape, isCancelled } from '../api/client';
import { folderIdOf, type BrowseLocation } from './browse-history';

export interface BrowseState {
  folders: readonly FolderEntry[];
  hits: readonly SearchHit[];
  loading: boolean;
  error?: AppErrorShape;
  nextCursor?: string;
}

const emptyBrowse: BrowseState = { folders: [], hits: [], loading: true };

/** One folder's contents, fetched when the location changes (the previous request is cancelled). */
export function useBrowse(location: BrowseLocation | undefined) {
  const connectionId = location?.connectionId;
  const folderId = location ? folderIdOf(location) : undefined;
  const key = `${connectionId ?? ''}/${folderId ?? ''}`;
  // Kept with the folder it belongs to: another folder's contents never show while one loads.
  const [held, setHeld] = useState<{ key: string; state: BrowseState }>({ key: '', state: emptyBrowse });
  const state = held.key === key ? held.state : emptyBrowse;
  const setState = useCallback(
    (next: BrowseState | ((s: BrowseState) => BrowseState)) => {
      setHeld((h) => ({ key, state: typeof next === 'function' ? next(h.key === key ? h.state : emptyBrowse) : next }));
    },
    [key],
  );

  useEffect(() => {
    if (!connectionId) return;
    const controller = new AbortController();
    call('connections.browse', { id: connectionId, ...(folderId ? { folderId } : {}) }, controller.signal).then(
      (page) =>
        setState({ folders: page.folders, hits: page.hits, loading: false, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }),
      (error: unknown) => {
        if (!isCancelled(error)) setState({ folders: [], hits: [], loading: false, error: errorShape(error) });
      },
    );
    return () => controller.abort();
  }, [connectionId, folderId, setState]);

  const loadMore = useCallback(() => {
    if (!connectionId || !state.nextCursor || state.loading) return;
    const cursor = state.nextCursor;
    setState((s) => ({ ...s, loading: true }));
    call('connections.browse', { id: connectionId, cursor, ...(folderId ? { folderId } : {}) }).then(
      (page) =>
        setState((s) => ({
          folders: [...s.folders, ...page.folders.filter((f) => !s.folders.some((known) => known.id === f.id))],
          hits: [...s.hits, ...page.hits],
          loading: false,
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        })),
      (error: unknown) => setState((s) => ({ ...s, loading: false, error: errorShape(error) })),
    );
  }, [connectionId, folderId, state.nextCursor, state.loading, setState]);

  return { ...state, loadMore };
}
