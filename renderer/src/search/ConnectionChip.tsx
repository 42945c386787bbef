import type { ConnectionSummary } from '../../../preload/contract';
import { folderWords, useDeliveryDrop, useDropTarget } from '../delivery/delivery-drop';
import type { ConnectionStatus } from './federated-search';
import { formatAtLeast, formatCount } from './format';
import { describeIndex, type IndexStatus } from './use-index-status';
import { busyCueDelayMs, useHeldWhileBrief, useLateFlag } from './use-late-flag';

interface Props {
  connection: ConnectionSummary;
  included: boolean;
  status: ConnectionStatus | undefined;
  signingIn: boolean;
  onToggle: () => void;
  onSignIn: () => void;
  /** The connection's name index, when it keeps one. */
  index?: IndexStatus | undefined;
  onRetryIndex?: () => void;
}

export function describeStatus(status: ConnectionStatus | undefined): string {
  switch (status?.status) {
    case undefined:
    case 'searching':
      return 'searching…';
    case 'needs-sign-in':
      return 'needs sign-in';
    case 'error':
      return 'error';
    case 'done': {
      if (status.notListed) return '';
      if (status.totalAtLeast && status.total !== undefined) return `${formatAtLeast(status.total)} images`;
      const count = status.total ?? status.count;
      const more = status.total === undefined && status.nextCursor ? '+' : '';
      return `${formatCount(count)}${more} ${count === 1 && !more ? 'image' : 'images'}`;
    }
  }
}

/**
 * One connection in the search scope: press to leave it out or bring it back; shows its own
 * state. While files are dragged in, a connection that takes deliveries is a drop target for
 * its delivery folder and names it (or says what an admin still has to set up).
 */
export function ConnectionChip({ connection, included, status: current, signingIn, onToggle, onSignIn, index, onRetryIndex }: Props) {
  const busy = included && (current === undefined || current.status === 'searching');
  // "searching…" only for a search that takes a while (see use-late-flag.ts).
  const status = useHeldWhileBrief(current, busy, useLateFlag(busy, busyCueDelayMs));
  const state = included ? (status?.status ?? 'searching') : 'off';
  const indexText = included ? describeIndex(index, connection.kind) : undefined;
  const delivery = useDeliveryDrop();
  const { dropClass, handlers } = useDropTarget(delivery.delivers(connection.id) ? { connectionId: connection.id } : undefined);
  const folder = delivery.deliveryFolder(connection.id);
  return (
    <span className={`chip chip-${state} kind-${connection.kind}${dropClass}`} {...handlers}>
      <button
        type="button"
        className="chip-toggle"
        aria-pressed={included}
        onClick={onToggle}
        title={included ? `Leave ${connection.name} out of the search` : `Search ${connection.name} too`}
      >
        <span className="chip-dot" aria-hidden="true" />
        <span className="chip-name">{connection.name}</span>
        {included && describeStatus(status) && <span className="chip-state">{describeStatus(status)}</span>}
        {indexText && <span className={`chip-index chip-index-${index?.state ?? 'off'}`}>{indexText}</span>}
      </button>
      {dropClass &&
        (folder && 'problem' in folder ? (
          // What an admin still has to set up; the overlay's zone says why too.
          <span className="chip-drop chip-drop-problem" title={folder.problem.message}>
            {folder.problem.fix ?? folder.problem.message}
          </span>
        ) : (
          <span className="chip-drop">{folderWords(folder)}</span>
        ))}
      {indexText && index?.state === 'failed' && onRetryIndex && (
        <button type="button" className="chip-action" onClick={onRetryIndex}>
          Retry
        </button>
      )}
      {included && status?.status === 'needs-sign-in' && (
        <button type="button" className="chip-action" onClick={onSignIn} disabled={signingIn}>
          {signingIn ? 'Signing in…' : 'Sign in'}
        </button>
      )}
    </span>
  );
}
