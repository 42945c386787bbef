import type { AppErrorShape, ConnectionSummary } from '../../../preload/contract';
import { CopyButton } from '../components/CopyButton';
import { ErrorMessage } from '../components/ErrorMessage';
import { adminDetails, adminProblemTitle, needsAdmin } from './designer-words';
import type { ConnectionStatus } from './federated-search';

export interface ConnectionProblem {
  connection: ConnectionSummary;
  error: AppErrorShape;
  /** True when only a later page failed and the first results are on screen. */
  partial: boolean;
}

export function problemsOf(
  connections: readonly ConnectionSummary[],
  statuses: Readonly<Record<string, ConnectionStatus>>,
): ConnectionProblem[] {
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
  /** Hides a connection's alert until the app restarts (its chip still says "error"). */
  onHide(connection: ConnectionSummary): void;
  onTurnOff(connection: ConnectionSummary): void;
}

/** What went wrong per connection, with its fix; the other connections' results stay on screen. */
export function ConnectionAlerts({ problems, onRetry, onManage, onHide, onTurnOff }: Props) {
  if (problems.length === 0) return null;
  return (
    <div className="connection-alerts">
      {problems.map(({ connection, error, partial }) =>
        needsAdmin(connection, error) ? (
          // Only whoever set the connection up can fix this: say so, and hand over the details.
          <div key={connection.id} className="message message-error" role="alert">
            <p className="message-title">{adminProblemTitle(connection)}</p>
            <div className="message-actions">
              <CopyButton value={adminDetails(connection, error)} label="Copy details for your admin" />
              <button type="button" className="button-small button-quiet" onClick={() => onHide(connection)}>
                Hide
              </button>
              <button type="button" className="button-small button-quiet" onClick={() => onTurnOff(connection)}>
                Turn off
              </button>
            </div>
          </div>
        ) : (
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
        ),
      )}
    </div>
  );
}
