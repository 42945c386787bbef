import type { ConnectionSummary } from '../../../preload/contract';
import type { ConnectionSearchState } from './use-federated-search';

interface Props {
  connection: ConnectionSummary;
  included: boolean;
  state: ConnectionSearchState | undefined;
  onToggle: () => void;
  onSignIn: () => void;
}

function describe(state: ConnectionSearchState | undefined): string {
  switch (state?.status) {
    case undefined:
    case 'searching':
      return 'searching…';
    case 'needs-sign-in':
      return 'needs sign-in';
    case 'error':
      return 'error';
    case 'done': {
      const count = state.total ?? state.hits.length;
      return `${count} ${count === 1 ? 'image' : 'images'}`;
    }
  }
}

/** One connection in the search scope: click to include or leave it out; shows its own state. */
export function ConnectionChip({ connection, included, state, onToggle, onSignIn }: Props) {
  return (
    <span className={`chip chip-${connection.kind}${included ? '' : ' chip-off'}${state?.status === 'error' ? ' chip-error' : ''}`}>
      <button type="button" className="chip-toggle" aria-pressed={included} onClick={onToggle}>
        <span className="chip-name">{connection.name}</span>
        {included && <span className="chip-state">{describe(state)}</span>}
      </button>
      {included && state?.status === 'needs-sign-in' && (
        <button type="button" className="chip-action" onClick={onSignIn}>
          Sign in
        </button>
      )}
    </span>
  );
}
