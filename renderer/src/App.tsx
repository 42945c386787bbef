import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo, ConnectionKind, ConnectionSummary, SetupDraft } from '../../preload/contract';
import { call, isCancelled } from './api/client';
import { focusPageHeading } from './components/focus-heading';
import { ProblemBanner } from './components/ProblemBanner';
import { SearchPanel } from './search/SearchPanel';
import { ImportDialog, readProfileFile, type ImportRequest } from './connections/ImportDialog';
import { useConnections } from './use-connections';
import { useIndexCheckOnFocus } from './use-index-check-on-focus';
import { DeliveryLayer } from './delivery/DeliveryLayer';

// Admin screens load when first opened: the first paint (the search field) does not wait for them.
const ConnectionsPage = lazy(async () => ({ default: (await import('./connections/ConnectionsPage')).ConnectionsPage }));
const Wizard = lazy(async () => ({ default: (await import('./wizards/Wizard')).Wizard }));

type View = { name: 'search' } | { name: 'connections' } | { name: 'wizard'; kind?: ConnectionKind; editing?: ConnectionSummary };

export function App() {
  const [info, setInfo] = useState<AppInfo | undefined>();
  const [view, setView] = useState<View>({ name: 'search' });
  const { connections, error, reload } = useConnections();
  const [importing, setImporting] = useState<ImportRequest | undefined>();
  const locked = info?.policy?.allowNewConnections === false;
  const [drafts, setDrafts] = useState<SetupDraft[]>([]);
  const reloadDrafts = useCallback(() => {
    void call('drafts.list', {}).then(setDrafts, () => undefined);
  }, []);
  useEffect(reloadDrafts, [reloadDrafts]);
  useIndexCheckOnFocus();

  // Back to search from an admin page: the focus goes to the panel's heading, as on every
  // change of view (admin pages focus their own heading when they appear, see PageHeader).
  // Not on the first load, where the search field keeps it.
  const firstView = useRef(true);
  useEffect(() => {
    if (firstView.current) {
      firstView.current = false;
      return;
    }
    if (view.name === 'search') focusPageHeading();
  }, [view]);

  useEffect(() => {
    void call('app.info', {}).then(setInfo);
  }, []);

  // Profiles opened from outside (double-click, skyhook:// link, command line) wait in main.
  useEffect(() => {
    const controller = new AbortController();
    void (async () => {
      while (!controller.signal.aborted) {
        try {
          const pending = await call('profiles.pending', { wait: true }, controller.signal);
          if (pending) setImporting({ ...pending });
        } catch (e) {
          if (isCancelled(e)) return;
          await new Promise((resolve) => setTimeout(resolve, 5000));
        }
      }
    })();
    return () => controller.abort();
  }, []);

  // A .skyhook file dropped anywhere opens the import preview (drop zones handle their own files).
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') === true;
    const onDragOver = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const onDrop = (e: DragEvent) => {
      if (e.defaultPrevented || !hasFiles(e)) return;
      e.preventDefault();
      const file = Array.from(e.dataTransfer?.files ?? []).find((f) => f.name.toLowerCase().endsWith('.skyhook'));
      if (file) void readProfileFile(file).then(setImporting);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  const dismissProblem = (code: string) => {
    void call('app.dismissProblem', { code }).then(() => call('app.info', {}).then(setInfo));
  };

  return (
    <div className="app">
      {info?.problems.map((p) => (
        <ProblemBanner key={p.code} problem={p} onDismiss={() => dismissProblem(p.code)} />
      ))}
      <DeliveryLayer connections={connections ?? []} allowed={info?.policy?.allowDelivery !== false}>
        {view.name === 'search' && (
          <SearchPanel
            connections={connections}
            loadError={error}
            onManage={() => setView({ name: 'connections' })}
            onAdd={() => setView(locked ? { name: 'connections' } : { name: 'wizard' })}
            onConnectionsChanged={reload}
            onImport={() => setImporting({})}
          />
        )}
      </DeliveryLayer>
      <Suspense fallback={null}>
        {view.name === 'connections' && info && (
          <ConnectionsPage
            info={info}
            connections={connections ?? []}
            onBack={() => setView({ name: 'search' })}
            onAdd={() => setView({ name: 'wizard' })}
            onEdit={(c) => setView({ name: 'wizard', kind: c.kind, editing: c })}
            onChanged={reload}
            onImport={() => setImporting({})}
            drafts={drafts}
            onResume={(kind) => setView({ name: 'wizard', kind })}
            onDraftsChanged={reloadDrafts}
          />
        )}
        {view.name === 'wizard' && info && (
          <Wizard
            info={info}
            initialKind={view.kind}
            editing={view.editing}
            drafts={drafts}
            onDraftsChanged={reloadDrafts}
            onCancel={() => setView({ name: 'connections' })}
            onSaved={async () => {
              await reload();
              setView({ name: 'connections' });
            }}
          />
        )}
      </Suspense>
      {importing && (
        <ImportDialog
          key={importing.source ?? importing.label ?? 'choose'}
          request={importing}
          onClose={() => setImporting(undefined)}
          onImported={reload}
        />
      )}
    </div>
  );
}
