import { useEffect, useState } from 'react';
import type { AppErrorShape, ConnectionHealth, ConnectionSummary } from '../../../preload/contract';
import { call, errorShape } from '../api/client';

const minute = 60_000;

/** "just now", "2 min ago", "3 h ago", "on 4 Dec": how long ago a test ran. */
export function ago(iso: string, now: number): string {
  const elapsed = Math.max(0, now - Date.parse(iso));
  if (elapsed < minute) return 'just now';
  if (elapsed < 60 * minute) return `${Math.floor(elapsed / minute)} min ago`;
  if (elapsed < 24 * 60 * minute) return `${Math.floor(elapsed / (60 * minute))} h ago`;
  return `on ${new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}`;
}

/** "Connected as ada@… · 1,204 images · tested 2 min ago", or the problem the last test found. */
export function healthLine(health: ConnectionHealth, now: number): string {
  const when = `tested ${ago(health.testedAt, now)}`;
  if (!health.ok) return `${health.message} · ${when}`;
  const images =
    health.visibleImages === undefined
      ? undefined
      : `${health.visibleImages.toLocaleString('en-US')} image${health.visibleImages === 1 ? '' : 's'}`;
  return [health.account ? `Connected as ${health.account}` : 'Connected', images, when].filter(Boolean).join(' · ');
}

/** The time now, moving on every half minute so "tested 2 min ago" stays true on an open page. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function HealthLine({ connection }: { connection: ConnectionSummary }) {
  const { health } = connection;
  const now = useNow();
  if (!health) return <p className="connection-health">Not tested yet</p>;
  return (
    <>
      <p className={health.ok ? 'connection-health' : 'connection-health connection-health-problem'} aria-live="polite">
        {healthLine(health, now)}
      </p>
      {!health.ok && health.fix && <p className="connection-health-fix">{health.fix}</p>}
    </>
  );
}

/** The row's own Test button; its result becomes the row's health (main records it). */
export function TestButton({ connection, onTested }: { connection: ConnectionSummary; onTested: () => Promise<void> }) {
  const [testing, setTesting] = useState(false);
  const [error, setError] = useState<AppErrorShape | undefined>();
  return (
    <>
      <button
        type="button"
        aria-label={`Test ${connection.name}`}
        disabled={testing}
        onClick={() => {
          setTesting(true);
          setError(undefined);
          call('connections.testSaved', { id: connection.id })
            .catch((e: unknown) => {
              // A failed test is the row's health; only calls that never reached a test are said here.
              const shape = errorShape(e);
              if (shape.code === 'connection_not_found' || shape.code === 'internal') setError(shape);
            })
            .finally(() => {
              setTesting(false);
              void onTested();
            });
        }}
      >
        {testing ? 'Testing…' : 'Test'}
      </button>
      {error && (
        <span className="connection-health-problem" role="alert">
          {error.message}
        </span>
      )}
    </>
  );
}
