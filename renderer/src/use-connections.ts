import { useCallback, useEffect, useState } from 'react';
import type { ConnectionSummary } from '../../preload/contract';
import { call, errorShape } from './api/client';
import { useEvent } from './api/events';
import type { AppErrorShape } from '../../preload/contract';

/** The saved connections, reloaded whenever main says they changed. */
export function useConnections() {
  const [connections, setConnections] = useState<ConnectionSummary[] | undefined>();
  const [error, setError] = useState<AppErrorShape | undefined>();

  const reload = useCallback(
    () =>
      call('connections.list', {}).then(
        (list) => {
          setConnections(list);
          setError(undefined);
        },
        (e: unknown) => setError(errorShape(e)),
      ),
    [],
  );

  useEffect(() => {
    void reload();
  }, [reload]);
  useEvent('connections.changed', () => void reload());

  return { connections, error, reload };
}
