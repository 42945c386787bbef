import type { ReactNode } from 'react';
import { CopyButton } from '../components/CopyButton';
import { formatCount } from './format';

export type EmptyKind =
  | { kind: 'no-connections' }
  | { kind: 'all-disabled' }
  | { kind: 'all-off' }
  | { kind: 'type-to-search' }
  | { kind: 'no-results'; text: string; cloud: boolean; shareWith?: Array<{ connection: string; account: string }> }
  | { kind: 'filtered-out'; hidden: number; typeLabel: string }
  | { kind: 'failed' };

interface Props {
  state: EmptyKind;
  onAdd(): void;
  onManage(): void;
  /** Opens the import of a connection profile (.skyhook) an admin sent. */
  onImport?(): void;
  onShowAllTypes(): void;
}

const searchHelp = (
  <p>
    Skyhook matches any part of a <strong>file name</strong> — “sun” finds <em>harbor-sunset.jpg</em> — not what is in the picture or inside
    the file.
  </p>
);

/** What the results area says when it has no results to show, and the way forward. */
export function EmptyState({ state, onAdd, onManage, onImport, onShowAllTypes }: Props) {
  let title: string;
  let body: ReactNode;
  let action: ReactNode = null;
  switch (state.kind) {
    case 'no-connections':
      title = 'Connect your images';
      body = (
        <p>
          Add a Box or OneDrive connection, or a folder on this computer or a network drive. Your admin may also have sent you a connection
          profile to open.
        </p>
      );
      action = <ConnectActions onAdd={onAdd} onImport={onImport} />;
      break;
    case 'all-disabled':
      title = 'Every connection is turned off';
      body = <p>Turn one back on under Connections, add a new one, or import a connection profile your admin sent you.</p>;
      action = <ConnectActions onManage={onManage} onAdd={onAdd} onImport={onImport} />;
      break;
    case 'all-off':
      title = 'Every connection is left out';
      body = <p>Press a connection above to search it again.</p>;
      break;
    case 'type-to-search':
      title = 'Type part of a file name';
      body = searchHelp;
      break;
    case 'no-results':
      title = `No images named like “${state.text}”`;
      body = (
        <>
          {searchHelp}
          <p>
            Try a shorter or different word.
            {state.cloud &&
              ' Files uploaded in the last few minutes may not be searchable yet (Box indexes new files within about ten minutes).'}
          </p>
          {state.shareWith?.map(({ connection, account }) => (
            <p key={connection} className="account-share">
              <span>
                {connection} sees only folders shared with <code>{account}</code>. Ask a folder's owner to share it with that account.
              </span>
              <CopyButton value={account} />
            </p>
          ))}
        </>
      );
      break;
    case 'filtered-out':
      title = `No ${state.typeLabel} images here`;
      body = <p>{formatCount(state.hidden)} other results are hidden by the type filter.</p>;
      action = (
        <button type="button" onClick={onShowAllTypes}>
          Show all types
        </button>
      );
      break;
    case 'failed':
      title = 'No connection could answer';
      body = <p>The messages above say what went wrong and how to fix it.</p>;
      action = (
        <button type="button" onClick={onManage}>
          Open connections
        </button>
      );
      break;
  }
  return (
    <div className="empty" role="status">
      <svg className="empty-art" viewBox="0 0 64 48" aria-hidden="true">
        <rect x="3" y="3" width="58" height="42" rx="7" />
        <circle cx="20" cy="17" r="5" />
        <path d="m6 40 17-15 11 10 8-7 17 14" />
      </svg>
      <h2>{title}</h2>
      {body}
      {action}
    </div>
  );
}

/** The ways to get a connection: open the list (when there are some), add one, import a profile. */
function ConnectActions({ onManage, onAdd, onImport }: { onManage?: () => void; onAdd: () => void; onImport: (() => void) | undefined }) {
  return (
    <div className="message-actions">
      {onManage && (
        <button type="button" className="button-primary" onClick={onManage}>
          Open connections
        </button>
      )}
      <button type="button" className={onManage ? undefined : 'button-primary'} onClick={onAdd}>
        Add connection
      </button>
      {onImport && (
        <button type="button" onClick={onImport}>
          Import profile
        </button>
      )}
    </div>
  );
}
