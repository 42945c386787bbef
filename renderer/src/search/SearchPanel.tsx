import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { DragEvent } from 'react';
import type { AppErrorShape, AppInfo, ConnectionSummary, SearchHit } from '../../../preload/contract';
import { call, errorShape } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { CacheMenu } from './CacheMenu';
import { ConnectionAlerts, problemsOf } from './ConnectionAlerts';
import { ConnectionChip } from './ConnectionChip';
import { BrowseBar } from './BrowseBar';
import { BrowseFolders } from './BrowseFolders';
import {
  canGoBack,
  canGoForward,
  currentLocation,
  goBack,
  goForward,
  openCrumb,
  openFolder,
  startBrowsing,
  type BrowseHistory,
} from './browse-history';
import { DragHint } from './DragHint';
import { useBrowse } from './use-browse';
import { EmptyState } from './EmptyState';
import { onePerFile, reachRank } from './one-per-file';
import { clickSelect, dragSet, emptySelection, keepVisible, selectAll, type ClickModifiers, type Selection } from './selection';
import './designer.css';
import { emptyState, gridFooter, resultSummary, searchProgress } from './panel-state';
import { PreviewPane } from './PreviewPane';
import { arrange, countByType, type SortOrder, type TypeFilter } from './result-order';
import { ResultGrid, type GridHandle } from './ResultGrid';
import { ResultsToolbar } from './ResultsToolbar';
import { SearchField } from './SearchField';
import { useDragOut } from './use-drag-out';
import { useDebounced, useFederatedSearch } from './use-federated-search';
import { searchDebounceMs } from './leading-debounce';
import { useRecentSearches } from './use-recent-searches';
import { dragPrefs, saveDataRequested } from './drag-prefs';
import { lastSearch } from './last-search';
import { drawnFieldText, takeOverDrawnField } from './first-paint-field';
import { useVisiblePrefetch } from './use-visible-prefetch';
import { useIndexStatus } from './use-index-status';
import { afterNextPaint } from './after-next-paint';
import { busyCueDelayMs, useHeldWhileBrief, useLateFlag } from './use-late-flag';
import { useEvent } from '../api/events';
import { UploadFilesMenu } from '../delivery/UploadFilesMenu';
import { formatCount } from './format';

interface Props {
  connections: ConnectionSummary[] | undefined;
  loadError: AppErrorShape | undefined;
  onManage: () => void;
  onAdd: () => void;
  /** Opens the import of a connection profile (offered when no connection is on). */
  onImport?: () => void;
  onConnectionsChanged: () => Promise<void>;
}

export function SearchPanel({ connections, loadError, onManage, onAdd, onImport, onConnectionsChanged }: Props) {
  // The field index.html drew (holding the last search, or what was typed there) for the first
  // panel; the last search for a panel opened later. Read synchronously so the first frame shows it.
  const [text, setText] = useState(() => drawnFieldText() ?? lastSearch.read());
  const [immediate, setImmediate] = useState<string | undefined>();
  const { value: debounced, passesAtOnce } = useDebounced(text, searchDebounceMs);
  const query = (immediate === text ? text : debounced).trim();

  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const enabled = useMemo(() => (connections ?? []).filter((c) => c.enabled), [connections]);
  const searched = useMemo(() => enabled.filter((c) => !excluded.has(c.id)), [enabled, excluded]);
  const { snapshot, loadMore, retry, searchNow } = useFederatedSearch(searched, query);
  // Counts the panel's changes of text: a quiet start takes the text with its first answer
  // only if nothing changed it since (a later keystroke, Escape, browsing).
  const textChanges = useRef(0);
  const changeText = useCallback((next: string) => {
    textChanges.current++;
    setText(next);
  }, []);
  const indexStatus = useIndexStatus();
  // An upload, rename or delete reached a connection's index: its open results are asked again.
  const refreshTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  useEvent('index.changed', ({ connectionId }) => {
    const connection = searched.find((c) => c.id === connectionId);
    if (!connection || !query) return;
    clearTimeout(refreshTimers.current.get(connectionId));
    refreshTimers.current.set(
      connectionId,
      setTimeout(() => retry({ id: connection.id, auth: connection.auth }), 150),
    );
  });

  const byId = useMemo(() => new Map((connections ?? []).map((c) => [c.id, c])), [connections]);
  // One tile per file across connections that reach the same Box or drive.
  const files = useMemo(() => onePerFile(snapshot.hits, (id) => reachRank(byId.get(id))), [snapshot.hits, byId]);

  const [sort, setSort] = useState<SortOrder>('relevance');
  const [type, setType] = useState<TypeFilter>('all');
  // Browsing a connection's folders shows that folder in the same grid, instead of search results.
  const [browse, setBrowse] = useState<BrowseHistory | undefined>();
  const location = browse ? currentLocation(browse) : undefined;
  const browsed = useBrowse(location);
  const gridSource = location ? browsed.hits : files;
  const shown = useMemo(() => arrange(gridSource, sort, type), [gridSource, sort, type]);
  const counts = useMemo(() => countByType(files), [files]);
  const order = useMemo(() => shown.map((h) => h.key), [shown]);
  const byKey = useMemo(() => new Map(shown.map((h) => [h.key, h])), [shown]);

  const [selectedKey, setSelectedKey] = useState<string | undefined>();
  const [previewOpen, setPreviewOpen] = useState(false);
  const selected = previewOpen ? gridSource.find((h) => h.key === selectedKey) : undefined;
  const [picked, setPicked] = useState<Selection>(emptySelection);
  // Results that left the screen (a new query, the type filter) are no longer selected.
  const selection = useMemo(() => keepVisible(picked, order), [picked, order]);

  const [announcement, setAnnouncement] = useState('');
  const drag = useDragOut(setAnnouncement);
  const recent = useRecentSearches();
  const gridRef = useRef<GridHandle>(null);
  const fieldRef = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => takeOverDrawnField(fieldRef.current, changeText), [changeText]);

  const [info, setInfo] = useState<AppInfo | undefined>();
  useEffect(() => {
    void call('app.info', {}).then(setInfo, () => undefined);
  }, []);

  const [signingIn, setSigningIn] = useState<string | undefined>();
  const [signInError, setSignInError] = useState<AppErrorShape | undefined>();

  const names = useMemo(() => new Map((connections ?? []).map((c) => [c.id, c.name])), [connections]);
  const sourceName = useCallback((id: string) => names.get(id) ?? '', [names]);

  // A query is worth offering again once someone acted on one of its results.
  // Read when a result is used rather than depended on: the tiles' handlers then stay the same
  // while the query changes (with it as a dependency, every keystroke rendered every tile again).
  const settledQuery = useRef(snapshot.text);
  useEffect(() => {
    settledQuery.current = snapshot.text;
  }, [snapshot.text]);
  const { remember } = recent;
  const markUsed = useCallback(() => remember(settledQuery.current), [remember]);

  const open = useCallback(
    (hit: SearchHit) => {
      setSelectedKey(hit.key);
      setPreviewOpen(true);
      markUsed();
    },
    [markUsed],
  );
  const select = useCallback((hit: SearchHit) => setSelectedKey(hit.key), []);
  const pick = useCallback(
    (hit: SearchHit, modifiers: ClickModifiers) => {
      setSelectedKey(hit.key);
      setPicked(clickSelect(selection, order, hit.key, modifiers));
    },
    [selection, order],
  );
  const pickAll = useCallback(() => {
    setPicked(selectAll(order));
    setAnnouncement(`${formatCount(order.length)} images selected.`);
  }, [order]);
  const copy = useCallback(
    (hit: SearchHit) => {
      markUsed();
      call('item.copyImage', { connectionId: hit.connectionId, itemId: hit.itemId }).then(
        () => setAnnouncement(`Copied ${hit.name}.`),
        (error: unknown) => setAnnouncement(`${hit.name} could not be copied: ${errorShape(error).message}`),
      );
    },
    [markUsed],
  );
  const { dragStart, hoverStart, hoverEnd, prefetchNow, prefetch, activity } = drag;
  const onDragStart = useCallback(
    (hit: SearchHit, event: DragEvent) => {
      markUsed();
      // Dragging one of a selection drags all of it.
      const others = dragSet(selection, order, hit.key)
        .slice(1)
        .flatMap((key) => byKey.get(key) ?? []);
      dragStart(hit, event, others);
    },
    [dragStart, markUsed, selection, order, byKey],
  );
  const tileHandlers = useMemo(
    () => ({ onOpen: open, onHoverStart: hoverStart, onHoverEnd: hoverEnd, onPrefetch: prefetchNow, onDragStart }),
    [open, hoverStart, hoverEnd, prefetchNow, onDragStart],
  );

  const closePreview = useCallback(() => {
    setPreviewOpen(false);
    gridRef.current?.focus();
  }, []);
  const onGridEscape = useCallback(() => {
    if (previewOpen) setPreviewOpen(false);
    else fieldRef.current?.focus();
  }, [previewOpen]);
  const { loadMore: loadMoreBrowsed } = browsed;
  const browsing = location !== undefined;
  const onNearEnd = useCallback(() => (browsing ? loadMoreBrowsed() : loadMore()), [browsing, loadMoreBrowsed, loadMore]);

  const toggle = (id: string) =>
    setExcluded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const signIn = async (id: string) => {
    setSigningIn(id);
    setSignInError(undefined);
    try {
      await call('connections.signIn', { id });
      await onConnectionsChanged();
    } catch (e) {
      setSignInError(errorShape(e));
    } finally {
      setSigningIn(undefined);
    }
  };

  const [hiddenAlerts, setHiddenAlerts] = useState<ReadonlySet<string>>(new Set());
  const turnOff = async (connection: ConnectionSummary) => {
    try {
      await call('connections.setEnabled', { id: connection.id, enabled: false });
      setAnnouncement(`${connection.name} is turned off. Turn it back on under Connections.`);
      await onConnectionsChanged();
    } catch (e) {
      setSignInError(errorShape(e));
    }
  };

  const statuses = snapshot.statuses;
  const problems = problemsOf(searched, statuses).filter((p) => !hiddenAlerts.has(p.connection.id));
  const stale = snapshot.stale === true && !location;
  const facts = { connections, enabled, searched, statuses, typed: text, query, hits: files.length, shown: shown.length, type, stale };
  const progress = searchProgress(facts);
  const { searching, moreAvailable } = progress;
  const busyShown = useLateFlag(searching, busyCueDelayMs);

  useEffect(() => afterNextPaint(() => lastSearch.write(query)), [query]);
  // Ready before the drag: the originals of the results on screen, most visible first.
  const [visibleRange, setVisibleRange] = useState<readonly [number, number]>([0, 0]);
  const onVisibleChange = useCallback((first: number, last: number) => setVisibleRange([first, last]), []);
  const visibleHits = useMemo(() => shown.slice(visibleRange[0], visibleRange[1]), [shown, visibleRange]);
  const prefs = useSyncExternalStore(dragPrefs.subscribe, dragPrefs.get);
  useVisiblePrefetch({
    visible: visibleHits,
    query,
    paused: searching,
    enabled: prefs.prefetchVisible && !saveDataRequested(),
    onReady: drag.markReady,
  });
  const empty = emptyState(facts, progress);
  const summary = useHeldWhileBrief(resultSummary(facts, progress), searching, busyShown);

  return (
    <div className="search-layout">
      <header className="topbar">
        <h1 className="brand">
          Skyhook<span className="visually-hidden"> image search</span>
        </h1>
        <SearchField
          value={text}
          onChange={(value) => {
            const atOnce = passesAtOnce(value);
            if (atOnce && value.trim() && !browse) {
              // The keystroke renders the field alone; the panel moves with the first answer.
              const change = ++textChanges.current;
              searchNow(value.trim(), () => {
                if (textChanges.current === change) setText(value);
              });
              return;
            }
            changeText(value);
            if (atOnce) searchNow(value.trim());
            // Typing is searching again: the folder being browsed gives way to the results.
            if (value.trim()) setBrowse(undefined);
          }}
          onSubmit={(value) => {
            changeText(value);
            setImmediate(value);
            if (value.trim()) remember(value);
          }}
          onEnterResults={() => gridRef.current?.focus()}
          recent={recent.items}
          onClearRecent={recent.clear}
          inputRef={fieldRef}
        />
        <CacheMenu lockedLimitMb={info?.policy?.cacheLimitMb} />
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
            status={statuses[c.id]}
            signingIn={signingIn === c.id}
            onToggle={() => toggle(c.id)}
            onSignIn={() => void signIn(c.id)}
            index={indexStatus[c.id]}
            onRetryIndex={() => void call('index.retry', { id: c.id }).catch(() => undefined)}
          />
        ))}
        {/* With no connection at all, the empty state below offers the same, larger. */}
        {enabled.length > 0 && (
          <button type="button" className="chip-add" onClick={onAdd}>
            <span aria-hidden="true">+ </span>Add connection
          </button>
        )}
        <UploadFilesMenu connections={enabled} />
        {enabled.length > 0 && (
          <select
            className="chip-add browse-select"
            aria-label="Browse a connection's folders"
            value=""
            onChange={(event) => {
              if (!event.target.value) return;
              changeText('');
              setBrowse(startBrowsing(event.target.value));
            }}
          >
            <option value="">Browse folders…</option>
            {enabled.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
        <span className="chips-hint">Searches file names, not image contents</span>
      </nav>

      <div className="content">
        <main
          className={busyShown ? 'results results-busy' : 'results'}
          aria-busy={searching}
          onKeyDown={(event) => {
            if (!browse || !event.altKey) return;
            if (event.key === 'ArrowLeft' && canGoBack(browse)) setBrowse(goBack(browse));
            else if (event.key === 'ArrowRight' && canGoForward(browse)) setBrowse(goForward(browse));
            else return;
            event.preventDefault();
          }}
        >
          <div className="results-messages">
            {loadError && <ErrorMessage error={loadError} />}
            {signInError && <ErrorMessage error={signInError} />}
            <ConnectionAlerts
              problems={problems}
              onRetry={(connection) => {
                const status = statuses[connection.id];
                if (status?.status === 'done') loadMore(connection.id);
                else retry({ id: connection.id, auth: connection.auth });
              }}
              onManage={onManage}
              onHide={(connection) => setHiddenAlerts((hidden) => new Set([...hidden, connection.id]))}
              onTurnOff={(connection) => void turnOff(connection)}
            />
          </div>
          {browse && location && (
            <>
              <BrowseBar
                connectionId={location.connectionId}
                connectionName={sourceName(location.connectionId)}
                trail={location.trail}
                canBack={canGoBack(browse)}
                canForward={canGoForward(browse)}
                onBack={() => setBrowse(goBack(browse))}
                onForward={() => setBrowse(goForward(browse))}
                onCrumb={(depth) => setBrowse(openCrumb(browse, depth))}
                onClose={() => setBrowse(undefined)}
              />
              {browsed.error && <ErrorMessage error={browsed.error} />}
              {browsed.folders.length > 0 && (
                <BrowseFolders
                  connectionId={location.connectionId}
                  folders={browsed.folders}
                  onOpen={(folder) => setBrowse(openFolder(browse, folder))}
                />
              )}
              {!browsed.loading && !browsed.error && browsed.hits.length === 0 && (
                <p className="browse-empty" role="status">
                  No images directly in this folder{browsed.folders.length ? '; open a folder above.' : '.'}
                </p>
              )}
            </>
          )}
          {!browsing && files.length > 0 && <DragHint />}
          {!browsing && files.length > 0 && (
            <ResultsToolbar
              summary={summary}
              sort={sort}
              onSort={setSort}
              type={type}
              onType={setType}
              counts={counts}
              partial={moreAvailable}
            />
          )}
          {selection.keys.size > 1 && (
            <p className="selection-bar">
              {formatCount(selection.keys.size)} images selected — drag any of them to drag them all
              <button type="button" className="button-small button-quiet" onClick={() => setPicked(emptySelection)}>
                Clear selection
              </button>
            </p>
          )}
          {shown.length > 0 ? (
            <ResultGrid
              ref={gridRef}
              hits={shown}
              stale={stale}
              label={
                location
                  ? `Images in ${location.trail.at(-1)?.name ?? sourceName(location.connectionId)}`
                  : query
                    ? `Images named like ${query}`
                    : 'Images'
              }
              sourceName={sourceName}
              selectedKeys={selection.keys}
              activity={activity}
              handlers={tileHandlers}
              onSelect={pick}
              onSelectAll={pickAll}
              onCopy={copy}
              onActiveChange={previewOpen ? select : undefined}
              onEscape={onGridEscape}
              onNearEnd={onNearEnd}
              onVisibleChange={onVisibleChange}
              footer={<p className="grid-footer">{browsing ? '' : gridFooter(shown.length, progress)}</p>}
            />
          ) : browsing ? null : empty ? (
            <EmptyState
              state={empty}
              onAdd={onAdd}
              onManage={onManage}
              {...(onImport ? { onImport } : {})}
              onShowAllTypes={() => setType('all')}
            />
          ) : (
            <div className="skeleton-grid" aria-hidden="true">
              {Array.from({ length: 12 }, (_, i) => (
                <div key={i} className="tile-skeleton" />
              ))}
            </div>
          )}
        </main>
        {selected && (
          <PreviewPane
            hit={selected}
            source={sourceName(selected.connectionId)}
            prefetch={prefetch}
            onDragStart={onDragStart}
            onUsed={markUsed}
            onClose={closePreview}
          />
        )}
      </div>
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}
