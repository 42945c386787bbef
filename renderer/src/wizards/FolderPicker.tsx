import { useState } from 'react';
import type { AppErrorShape, ConnectionSummary, FolderEntry } from '../../../preload/contract';
import { call, errorShape } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  /** The saved connection to browse; browsing needs its credentials (and a sign-in). */
  connection: ConnectionSummary | undefined;
  /** The folder picked (undefined: the top level) and the folders down to it. */
  onPick: (folder: FolderEntry | undefined, path: readonly FolderEntry[]) => void;
  /** The button that opens the browser (default "Browse folders…"). */
  label?: string;
  /** The top level is no choice here (a delivery folder is a folder). */
  folderRequired?: boolean;
}

/**
 * Browses the connection's folders so the admin can pick the folder filter instead of
 * digging its ID out of a URL. The top level means "no filter".
 */
export function FolderPicker({ connection, onPick, label = 'Browse folders…', folderRequired = false }: Props) {
  const [trail, setTrail] = useState<FolderEntry[] | undefined>();
  const [folders, setFolders] = useState<FolderEntry[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<AppErrorShape | undefined>();

  if (!connection || connection.auth === 'needs-sign-in') {
    return <p className="field-hint">{connection ? 'Sign in to browse folders.' : 'Save the connection to browse its folders.'}</p>;
  }

  const open = async (next: FolderEntry[]) => {
    setLoading(true);
    setError(undefined);
    try {
      const parentId = next.at(-1)?.id;
      setFolders(await call('connections.listFolders', { id: connection.id, ...(parentId ? { parentId } : {}) }));
      setTrail(next);
    } catch (e) {
      setError(errorShape(e));
    } finally {
      setLoading(false);
    }
  };

  if (!trail) {
    return (
      <button type="button" className="button-small" onClick={() => void open([])} disabled={loading}>
        {loading ? 'Loading folders…' : label}
      </button>
    );
  }
  const current = trail.at(-1);
  return (
    <div className="folder-picker" role="group" aria-label="Folders">
      <nav className="folder-trail" aria-label="Folder path">
        <button type="button" className="button-quiet button-small" onClick={() => void open([])}>
          All files
        </button>
        {trail.map((folder, index) => (
          <span key={folder.id}>
            {' › '}
            <button type="button" className="button-quiet button-small" onClick={() => void open(trail.slice(0, index + 1))}>
              {folder.name}
            </button>
          </span>
        ))}
      </nav>
      {error && <ErrorMessage error={error} />}
      <ul className="folder-list" aria-busy={loading}>
        {folders.length === 0 && !loading && <li className="field-hint">No folders inside.</li>}
        {folders.map((folder) => (
          <li key={folder.id}>
            <button type="button" className="button-quiet" onClick={() => void open([...trail, folder])}>
              {folder.name}
            </button>
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <button type="button" className="button-small" onClick={() => setTrail(undefined)}>
          Close
        </button>
        <button
          type="button"
          className="button-small button-primary"
          disabled={folderRequired && !current}
          onClick={() => {
            onPick(current, trail);
            setTrail(undefined);
          }}
        >
          {current ? `Use “${current.name}”` : folderRequired ? 'Open a folder to use it' : 'Search all files'}
        </button>
      </div>
    </div>
  );
}
