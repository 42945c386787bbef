import { useState, type ReactNode } from 'react';
import type { NationalCloud } from '../../../preload/connection-kinds';
import type { AppErrorShape, ConsolePage } from '../../../preload/contract';
import { call, errorShape } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';

/** Opens a provider console page in the browser; main knows the address, the page only its name. */
export function ConsoleButton({ page, cloud, children }: { page: ConsolePage; cloud?: NationalCloud; children: ReactNode }) {
  const [error, setError] = useState<AppErrorShape | undefined>();
  return (
    <>
      <button
        type="button"
        className="button-small console-button"
        onClick={() => {
          call('app.openConsole', { page, ...(cloud ? { cloud } : {}) }).then(
            () => setError(undefined),
            (e: unknown) => setError(errorShape(e)),
          );
        }}
      >
        {children}
        <span aria-hidden="true"> ↗</span>
      </button>
      {error && <ErrorMessage error={error} />}
    </>
  );
}
