import { useEffect, useId, useState } from 'react';
import type { AppErrorShape, ConnectionSummary, IndexInfo } from '../../../preload/contract';
import { call, errorShape } from '../api/client';
import { useEvent } from '../api/events';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatSize } from '../search/format';
import { describeIndex } from '../search/use-index-status';

/** Every connection's index switch and status, kept current by 'index.status' events. */
export function useIndexInfo(): [Record<string, IndexInfo>, (info: IndexInfo) => void] {
  const [infos, setInfos] = useState<Record<string, IndexInfo>>({});
  const put = (info: IndexInfo) => setInfos((now) => ({ ...now, [info.connectionId]: info }));
  useEffect(() => {
    let live = true;
    call('index.list', {}).then(
      (list) => live && setInfos(Object.fromEntries(list.map((i) => [i.connectionId, i]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  useEvent('index.status', (status) =>
    setInfos((now) => {
      const known = now[status.connectionId];
      return known ? { ...now, [status.connectionId]: { ...known, status } } : now;
    }),
  );
  return [infos, put];
}

/** "Keep an index of names on this computer" and "Rebuild index" for one connection. */
export function IndexControls({
  connection,
  info,
  onChange,
}: {
  connection: ConnectionSummary;
  info: IndexInfo | undefined;
  onChange: (info: IndexInfo) => void;
}) {
  const id = useId();
  const [error, setError] = useState<AppErrorShape | undefined>();
  const [busy, setBusy] = useState(false);
  if (!info) return null;
  const run = async (action: () => Promise<IndexInfo>) => {
    setBusy(true);
    setError(undefined);
    try {
      onChange(await action());
    } catch (e) {
      setError(errorShape(e));
    } finally {
      setBusy(false);
    }
  };
  const state = describeIndex(info.status, connection.kind);
  const size = info.status.bytes ? formatSize(info.status.bytes) : undefined;
  return (
    <div className="index-row">
      <input
        id={`${id}-keep`}
        type="checkbox"
        checked={info.enabled}
        disabled={info.locked || busy}
        onChange={(e) => void run(() => call('index.setEnabled', { id: connection.id, enabled: e.target.checked }))}
      />
      <label htmlFor={`${id}-keep`}>Keep an index of names on this computer</label>
      {info.locked && <span className="field-hint">Turned off by your organisation.</span>}
      {info.enabled && state && (
        <span className="connection-meta" aria-live="polite">
          {state}
          {size ? ` · ${size}` : ''}
        </span>
      )}
      {info.enabled && (
        <button
          type="button"
          disabled={busy}
          onClick={() => void run(() => call('index.rebuild', { id: connection.id }))}
          aria-label={`Rebuild index of ${connection.name}`}
        >
          Rebuild index
        </button>
      )}
      {error && <ErrorMessage error={error} />}
    </div>
  );
}
