import { useId } from 'react';
import type { ConnectionKind, SetupDraft } from '../../../preload/contract';
import { call } from '../api/client';
import { draftProgress } from '../wizards/Wizard';
import { kindLabel } from '../../../preload/kind-facts';

/** Setups kept between sessions ("Setup in progress: step 5 of 8, waiting for your Box admin"), each resumable. */
export function SetupsInProgress({
  drafts,
  onResume,
  onChanged,
}: {
  drafts: SetupDraft[];
  onResume: (kind: ConnectionKind) => void;
  onChanged: () => void;
}) {
  const id = useId();
  if (drafts.length === 0) return null;
  return (
    <section className="setups-in-progress" aria-labelledby={id}>
      <h2 id={id}>Setups in progress</h2>
      <ul className="connection-list">
        {drafts.map((d) => {
          const what = `${kindLabel(d.kind)}${d.name ? ` (${d.name})` : ''}`;
          return (
            <li key={d.kind} className="connection-row setup-row">
              <div className="connection-main">
                <span className={`kind-dot kind-${d.kind}`} aria-hidden="true" />
                <div>
                  <p className="connection-name">{what}</p>
                  <p className="connection-meta">Setup in progress: {draftProgress(d)}</p>
                </div>
              </div>
              <div className="connection-actions">
                <button type="button" className="button-primary" aria-label={`Resume ${what} setup`} onClick={() => onResume(d.kind)}>
                  Resume
                </button>
                <button
                  type="button"
                  aria-label={`Discard ${what} setup`}
                  onClick={() => {
                    void call('drafts.discard', { kind: d.kind }).finally(onChanged);
                  }}
                >
                  Discard
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
