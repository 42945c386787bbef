import { useState } from 'react';
import type { AppErrorShape } from '../../../preload/contract';
import { call, errorShape } from '../api/client';

/**
 * While the browser shows the provider's sign-in page. A closed tab is the usual reason a
 * sign-in never finishes: the page can be opened again while Skyhook keeps waiting.
 */
export function SignInWaiting({ saved, onStop }: { saved: boolean; onStop: () => void }) {
  const [problem, setProblem] = useState<AppErrorShape | undefined>();
  return (
    <div className="message sign-in-waiting">
      <p className="message-title">{saved ? 'Saved. ' : ''}Finish signing in in your browser…</p>
      <p>Skyhook waits up to 5 minutes. If you closed the sign-in tab, open it again.</p>
      <div className="button-row">
        <button
          type="button"
          className="button-small"
          onClick={() => {
            call('connections.reopenSignIn', {}).then(
              () => setProblem(undefined),
              (e: unknown) => setProblem(errorShape(e)),
            );
          }}
        >
          Open the sign-in page again
        </button>
        <button type="button" className="button-small" onClick={onStop}>
          {saved ? 'Sign in later' : 'Cancel sign-in'}
        </button>
      </div>
      {problem && <p className="field-issue">{problem.message}</p>}
    </div>
  );
}
