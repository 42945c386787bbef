import { useEffect, useRef, useState } from 'react';
import { kindFacts } from '../../../preload/kind-facts';
import type { ConflictChoice, ConnectionSummary, DeliveryJob, DeliveryTotals } from '../../../preload/contract';
import { call } from '../api/client';
import { openLabel, stateLabel, totalsLabel } from './delivery-format';

interface Props {
  jobs: DeliveryJob[];
  totals: DeliveryTotals;
  connections: ConnectionSummary[];
  /** Things said about the last drop (refused files, the folder confirmation). */
  notice?: React.ReactNode;
}

const choices: Array<{ choice: ConflictChoice; label: string }> = [
  { choice: 'version', label: 'New version' },
  { choice: 'keep-both', label: 'Keep both' },
  { choice: 'skip', label: 'Skip' },
];

/** The upload queue: a row per file with its progress, the total, pause/cancel and conflict answers. */
export function DeliveryPanel({ jobs, totals, connections, notice }: Props) {
  const [applyToRest, setApplyToRest] = useState(true);
  const [open, setOpen] = useState(true);
  const panel = useRef<HTMLElement>(null);
  const shown = jobs.length > 0 || Boolean(notice);
  useEffect(() => {
    // Pages keep room below their last control (a wizard's Save button) for the panel over them.
    const element = panel.current;
    if (!shown || !element) return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => root.style.setProperty('--uploads-height', `${element.offsetHeight + 16}px`));
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--uploads-height');
    };
  }, [shown]);
  if (!shown) return null;
  const active = jobs.some((j) => j.state === 'queued' || j.state === 'uploading' || j.state === 'waiting');
  const paused = jobs.some((j) => j.state === 'paused');
  const service = (job: DeliveryJob) => {
    const kind = connections.find((c) => c.id === job.connectionId)?.kind;
    return kind ? kindFacts[kind].service : undefined;
  };

  return (
    <section ref={panel} className="delivery-panel" aria-label="Uploads">
      <header>
        <h2>Uploads</h2>
        <span className="delivery-total" role="status">
          {totalsLabel(totals)}
        </span>
        <progress aria-label="All uploads" max={Math.max(totals.totalBytes, 1)} value={totals.sentBytes} />
        {active && <button onClick={() => void call('delivery.pause', { paused: true })}>Pause all</button>}
        {paused && <button onClick={() => void call('delivery.pause', { paused: false })}>Resume all</button>}
        {active && <button onClick={() => void call('delivery.cancel', {})}>Cancel all</button>}
        {totals.finished > 0 && <button onClick={() => void call('delivery.clear', {})}>Clear finished</button>}
        <button aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Show'}
        </button>
      </header>
      {notice}
      {open && (
        <ul>
          {jobs.map((job) => (
            <li key={job.id} className={`delivery-job delivery-${job.state}`} aria-label={job.targetName ?? job.name}>
              <div className="delivery-row">
                <span className="delivery-name">{job.targetName ?? job.name}</span>
                <span className="delivery-where">→ {job.folderName ?? 'delivery folder'}</span>
                <span className="delivery-state">{stateLabel(job)}</span>
                {job.state === 'uploading' && (
                  <progress aria-label={`Upload of ${job.name}`} max={Math.max(job.size, 1)} value={job.sentBytes} />
                )}
                {(job.state === 'uploading' || job.state === 'queued' || job.state === 'waiting') && (
                  <button onClick={() => void call('delivery.pause', { ids: [job.id], paused: true })}>Pause</button>
                )}
                {job.state === 'paused' && (
                  <button onClick={() => void call('delivery.pause', { ids: [job.id], paused: false })}>Resume</button>
                )}
                {job.state === 'failed' && <button onClick={() => void call('delivery.retry', { id: job.id })}>Retry</button>}
                {!['done', 'failed', 'skipped', 'cancelled'].includes(job.state) && (
                  <button onClick={() => void call('delivery.cancel', { ids: [job.id] })}>Cancel</button>
                )}
                {job.state === 'done' && job.itemId && (
                  <button
                    className="link"
                    onClick={() =>
                      void call('item.openOriginal', { connectionId: job.connectionId, itemId: job.itemId ?? '' }).catch(() => undefined)
                    }
                  >
                    {openLabel(service(job))}
                  </button>
                )}
              </div>
              {job.message && <p className="delivery-message">{job.message}</p>}
              {job.fix && <p className="delivery-fix">{job.fix}</p>}
              {job.state === 'conflict' && (
                <div className="delivery-conflict" role="group" aria-label={`What to do with ${job.name}`}>
                  {choices.map(({ choice, label }) => (
                    <button key={choice} onClick={() => void call('delivery.resolveConflict', { id: job.id, choice, applyToRest })}>
                      {label}
                    </button>
                  ))}
                  <label>
                    <input type="checkbox" checked={applyToRest} onChange={(e) => setApplyToRest(e.target.checked)} /> Apply to the rest
                  </label>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
