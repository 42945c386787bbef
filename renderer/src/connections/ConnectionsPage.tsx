import { useState } from 'react';
import type { AppErrorShape, AppInfo, ConnectionKind, ConnectionSummary, SetupDraft } from '../../../preload/contract';
import { call, errorShape } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { PageHeader } from '../components/PageHeader';
import { kindLabel } from '../../../preload/kind-facts';
import { IndexControls, useIndexInfo } from './IndexControls';
import { HealthLine, TestButton } from './ConnectionHealth';
import { SetupsInProgress } from './SetupsInProgress';
import { ShareDialog } from './ShareDialog';

interface Props {
  info: AppInfo;
  connections: ConnectionSummary[];
  onBack: () => void;
  onAdd: () => void;
  onEdit: (connection: ConnectionSummary) => void;
  onChanged: () => Promise<void>;
  onImport: () => void;
  /** Setups kept between sessions, resumable from here. */
  drafts: SetupDraft[];
  onResume: (kind: ConnectionKind) => void;
  onDraftsChanged: () => void;
}

/** Settings › Connections: the admin's area, with the wizards behind "Add connection". */
export function ConnectionsPage({
  info,
  connections,
  onBack,
  onAdd,
  onEdit,
  onChanged,
  onImport,
  drafts,
  onResume,
  onDraftsChanged,
}: Props) {
  const [error, setError] = useState<AppErrorShape | undefined>();
  const [confirmRemove, setConfirmRemove] = useState<string | undefined>();
  const [sharing, setSharing] = useState<ConnectionSummary | undefined>();
  const [indexInfo, putIndexInfo] = useIndexInfo();
  // An IT policy can lock adding: the buttons stay focusable so the note below is found.
  const locked = info.policy?.allowNewConnections === false;

  const act = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      await onChanged();
    } catch (e) {
      setError(errorShape(e));
    }
  };

  return (
    <main className="page">
      <PageHeader back="Search" onBack={onBack} title="Connections">
        <button
          type="button"
          aria-disabled={locked}
          aria-describedby={locked ? 'policy-lock-note' : undefined}
          onClick={locked ? undefined : onImport}
        >
          Import profile
        </button>
        <button
          type="button"
          className="button-primary"
          aria-disabled={locked}
          aria-describedby={locked ? 'policy-lock-note' : undefined}
          onClick={locked ? undefined : onAdd}
        >
          Add connection
        </button>
      </PageHeader>
      {locked && (
        <p id="policy-lock-note" className="policy-lock-note" role="note">
          Your organisation manages the connections on this computer: new connections cannot be added or imported here. Ask your IT team if
          you need another one.
        </p>
      )}
      {!info.secretStorage.strong && info.secretStorage.warning && (
        <div className="banner banner-warning" role="alert">
          {info.secretStorage.warning}
        </div>
      )}
      {error && <ErrorMessage error={error} />}
      <SetupsInProgress drafts={drafts} onResume={onResume} onChanged={onDraftsChanged} />
      {connections.length === 0 ? (
        <div className="empty">
          <h2>No connections</h2>
          <p>Add a Box or OneDrive connection, or a folder on this computer.</p>
        </div>
      ) : (
        <ul className="connection-list">
          {connections.map((c) => (
            <li key={c.id} className="connection-row">
              <div className="connection-main">
                <span className={`kind-dot kind-${c.kind}`} aria-hidden="true" />
                <div>
                  <p className="connection-name">
                    {c.name}
                    {c.managed && <span className="badge">Managed</span>}
                    {!c.enabled && <span className="badge">Off</span>}
                  </p>
                  <p className="connection-meta">
                    {kindLabel(c.kind)}
                    {c.auth === 'signed-in' && ` · signed in${c.account ? ` as ${c.account}` : ''}`}
                    {c.auth === 'needs-sign-in' && ' · not signed in'}
                  </p>
                  <HealthLine connection={c} />
                  {c.warnings.map((w) => (
                    <p key={w} className="connection-warning">
                      {w}
                    </p>
                  ))}
                  <IndexControls connection={c} info={indexInfo[c.id]} onChange={putIndexInfo} />
                </div>
              </div>
              <div className="connection-actions">
                <TestButton connection={c} onTested={onChanged} />
                {c.auth === 'needs-sign-in' && (
                  <button
                    type="button"
                    aria-label={`Sign in to ${c.name}`}
                    onClick={() => act(() => call('connections.signIn', { id: c.id }))}
                  >
                    Sign in
                  </button>
                )}
                {c.auth === 'signed-in' && (
                  <>
                    {c.kind === 'onedrive' && (
                      // Microsoft shows its account picker; the new sign-in replaces the old one.
                      <button
                        type="button"
                        aria-label={`Switch account for ${c.name}`}
                        onClick={() => act(() => call('connections.signIn', { id: c.id }))}
                      >
                        Switch account
                      </button>
                    )}
                    <button
                      type="button"
                      aria-label={`Sign out of ${c.name}`}
                      onClick={() => act(() => call('connections.signOut', { id: c.id }))}
                    >
                      Sign out
                    </button>
                  </>
                )}
                {/* An action named for what it does to which connection; the Off badge says the state. */}
                <button
                  type="button"
                  aria-label={`${c.enabled ? 'Turn off' : 'Turn on'} ${c.name}`}
                  onClick={() => act(() => call('connections.setEnabled', { id: c.id, enabled: !c.enabled }))}
                >
                  {c.enabled ? 'Turn off' : 'Turn on'}
                </button>
                {!c.managed && (
                  <button type="button" onClick={() => setSharing(c)} aria-label={`Share with team: ${c.name}`}>
                    Share with team
                  </button>
                )}
                {!c.managed && (
                  <button type="button" onClick={() => onEdit(c)} aria-label={`Edit ${c.name}`}>
                    Edit
                  </button>
                )}
                {!c.managed &&
                  (confirmRemove === c.id ? (
                    <>
                      <button type="button" className="button-danger" onClick={() => act(() => call('connections.remove', { id: c.id }))}>
                        Remove {c.name}
                      </button>
                      <button type="button" aria-label={`Keep ${c.name}`} onClick={() => setConfirmRemove(undefined)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <button type="button" onClick={() => setConfirmRemove(c.id)} aria-label={`Remove ${c.name}`}>
                      Remove
                    </button>
                  ))}
              </div>
            </li>
          ))}
        </ul>
      )}
      {sharing && <ShareDialog connection={sharing} onClose={() => setSharing(undefined)} />}
      <footer className="about">
        Skyhook {info.version} · {info.updates.enabled ? 'Automatic updates on' : 'Automatic updates off'}: {info.updates.reason}
      </footer>
    </main>
  );
}
