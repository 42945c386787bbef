import { useMemo, useRef, useState } from 'react';
import type { AppErrorShape, ConnectionSummary, SearchHit } from '../../../preload/contract';
import { call } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { ConnectionChip } from './ConnectionChip';
import { PreviewPane } from './PreviewPane';
import { ResultTile } from './ResultTile';
import { useFederatedSearch } from './use-federated-search';

interface Props {
  connections: ConnectionSummary[] | undefined;
  loadError: AppErrorShape | undefined;
  onManage: () => void;
  onAdd: () => void;
  onConnectionsChanged: () => Promise<void>;
}

export function SearchPanel({ connections, loadError, onManage, onAdd, onConnectionsChanged }: Props) {
  const [text, setText] = useState('');
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<SearchHit | undefined>();
  const [previewOpen, setPreviewOpen] = useState(false);
  const prefetched = useRef(new Set<string>());

  const enabled = useMemo(() => (connections ?? []).filter((c) => c.enabled), [connections]);
  const searched = useMemo(() => enabled.filter((c) => !excluded.has(c.id)), [enabled, excluded]);
  const { states, loadMore } = useFederatedSearch(searched, text.trim());
  const names = useMemo(() => new Map((connections ?? []).map((c) => [c.id, c.name])), [connections]);

  const hits = searched.flatMap((c) => states[c.id]?.hits ?? []);
  const searching = searched.some((c) => !states[c.id] || states[c.id]?.status === 'searching');
  const errors = searched.flatMap((c) => {
    const s = states[c.id];
    return s?.status === 'error' ? [{ connection: c, error: s.error }] : [];
  });

  const prefetch = (hit: SearchHit) => {
    if (prefetched.current.has(hit.key)) return;
    prefetched.current.add(hit.key);
    call('item.prefetch', { connectionId: hit.connectionId, itemId: hit.itemId }).catch(() => prefetched.current.delete(hit.key));
  };

  const toggle = (id: string) =>
    setExcluded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const signIn = async (id: string) => {
    await call('connections.signIn', { id });
    await onConnectionsChanged();
  };

  return (
    <div className="search-layout">
      <header className="topbar">
        <span className="brand" aria-hidden="true">
          Skyhook
        </span>
        <input
          className="search-field"
          type="search"
          role="searchbox"
          aria-label="Search images"
          placeholder="Search images by file name"
          value={text}
          autoFocus
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && setText('')}
        />
        <button type="button" className="button-quiet" onClick={onManage}>
          Connections
        </button>
      </header>

      <nav className="chips" aria-label="Connections to search">
        {enabled.map((c) => (
          <ConnectionChip
            key={c.id}
            connection={c}
            included={!excluded.has(c.id)}
            state={states[c.id]}
            onToggle={() => toggle(c.id)}
            onSignIn={() => signIn(c.id)}
          />
        ))}
        <button type="button" className="chip chip-add" onClick={onAdd}>
          Add connection
        </button>
      </nav>

      <div className="content">
        <main className="results" aria-busy={searching}>
          {loadError && <ErrorMessage error={loadError} />}
          {errors.map(({ connection, error }) => (
            <ErrorMessage key={connection.id} error={{ ...error, message: `${connection.name}: ${error.message}` }} />
          ))}
          {connections && enabled.length === 0 && (
            <div className="empty">
              <h2>No connections yet</h2>
              <p>Connect a Box or OneDrive account, or a folder on this computer, to search its images.</p>
              <button type="button" onClick={onAdd}>
                Add connection
              </button>
            </div>
          )}
          {hits.length > 0 && (
            <ul className="grid" aria-label="Results">
              {hits.map((hit) => (
                <ResultTile
                  key={hit.key}
                  hit={hit}
                  source={names.get(hit.connectionId) ?? ''}
                  selected={selected?.key === hit.key}
                  onSelect={() => setSelected(hit)}
                  onOpen={() => {
                    setSelected(hit);
                    setPreviewOpen(true);
                  }}
                  onPrefetch={() => prefetch(hit)}
                />
              ))}
            </ul>
          )}
          {hits.length === 0 && searching && enabled.length > 0 && (
            <ul className="grid" aria-hidden="true">
              {Array.from({ length: 12 }, (_, i) => (
                <li key={i} className="tile tile-skeleton" />
              ))}
            </ul>
          )}
          {hits.length === 0 && !searching && searched.length > 0 && errors.length === 0 && (
            <div className="empty" role="status">
              {text.trim() ? <h2>No images named like “{text.trim()}”</h2> : <h2>Type to search your images</h2>}
              <p>Skyhook matches any part of a file name (not what is in the picture). Try a shorter or different word.</p>
            </div>
          )}
          {searched.map((c) => {
            const s = states[c.id];
            return s?.status === 'done' && s.nextCursor ? (
              <button key={c.id} type="button" className="load-more" onClick={() => loadMore(c.id)} disabled={s.loadingMore}>
                {s.loadingMore ? 'Loading…' : `More from ${c.name}`}
              </button>
            ) : null;
          })}
        </main>
        {previewOpen && selected && (
          <PreviewPane hit={selected} source={names.get(selected.connectionId) ?? ''} onClose={() => setPreviewOpen(false)} />
        )}
      </div>
    </div>
  );
}
