import type { AppErrorShape, ConnectionSummary } from '../../../preload/contract';
import { ErrorMessage } from '../components/ErrorMessage';
import type { ConnectionStatus } from './federated-search';

export interface ConnectionProblem {
  connection: ConnectionSummary;
  error: AppErrorShape;
  /** True when only a later page failed and the first results are on screen. */
  partial: boolean;
}

export function problemsOf(connections: readonly ConnectionSummary[], statuses: Readonly<Record<string, ConnectionStatus>>): ConnectionProblem[] {
  return connections.flatMap((connection): ConnectionProblem[] => {
    const status = statuses[connection.id];
    if (status?.status === 'error') return [{ connection, error: status.error, partial: false }];
    if (status?.status === 'done' && status.pageError) return [{ connection, error: status.pageError, partial: true }];
    return [];
  });
}

interface Props {
  problems: readonly ConnectionProblem[];
  onRetry(connection: ConnectionSummary): void;
  onManage(): void;
}

/** What went wrong per connection, with its fix; the other connections' results stay on screen. */
export function ConnectionAlerts({ problems, onRetry, onManage }: Props) {
  if (problems.length === 0) return null;
  return (
    <div className="connection-alerts">
      {problems.map(({ connection, error, partial }) => (
        <ErrorMessage
          key={connection.id}
          error={{ ...error, message: `${connection.name}: ${partial ? 'more results could not be loaded. ' : ''}${error.message}` }}
          action={
            <div className="message-actions">
              <button type="button" className="button-small" onClick={() => onRetry(connection)}>
                Try again
              </button>
              <button type="button" className="button-small button-quiet" onClick={onManage}>
                Connection settings
              </button>
            </div>
          }
        />
      ))}
    </div>
  );
}
