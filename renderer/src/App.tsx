import { useEffect, useState } from 'react';
import type { AppInfo, ConnectionKind, ConnectionSummary } from '../../preload/contract';
import { call } from './api/client';
import { ProblemBanner } from './components/ProblemBanner';
import { SearchPanel } from './search/SearchPanel';
import { ConnectionsPage } from './settings/ConnectionsPage';
import { useConnections } from './use-connections';
import { Wizard } from './wizards/Wizard';

type View =
  | { name: 'search' }
  | { name: 'connections' }
  | { name: 'wizard'; kind?: ConnectionKind; editing?: ConnectionSummary };

export function App() {
  const [info, setInfo] = useState<AppInfo | undefined>();
  const [view, setView] = useState<View>({ name: 'search' });
  const { connections, error, reload } = useConnections();

  useEffect(() => {
    void call('app.info', {}).then(setInfo);
  }, []);

  const dismissProblem = (code: string) => {
    void call('app.dismissProblem', { code }).then(() => call('app.info', {}).then(setInfo));
  };

  return (
    <div className="app">
      {info?.problems.map((p) => <ProblemBanner key={p.code} problem={p} onDismiss={() => dismissProblem(p.code)} />)}
      {view.name === 'search' && (
        <SearchPanel
          connections={connections}
          loadError={error}
          onManage={() => setView({ name: 'connections' })}
          onAdd={() => setView({ name: 'wizard' })}
          onConnectionsChanged={reload}
        />
      )}
      {view.name === 'connections' && info && (
        <ConnectionsPage
          info={info}
          connections={connections ?? []}
          onBack={() => setView({ name: 'search' })}
          onAdd={() => setView({ name: 'wizard' })}
          onEdit={(c) => setView({ name: 'wizard', kind: c.kind, editing: c })}
          onChanged={reload}
        />
      )}
      {view.name === 'wizard' && info && (
        <Wizard
          info={info}
          initialKind={view.kind}
          editing={view.editing}
          onCancel={() => setView({ name: 'connections' })}
          onSaved={async () => {
            await reload();
            setView({ name: 'connections' });
          }}
        />
      )}
    </div>
  );
}
