import { useEffect, useId, useRef, useState } from 'react';
import type { AppErrorShape, CacheInfo } from '../../../preload/contract';
import { call, errorShape } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { DragPrefsFields } from './DragPrefsFields';
import { formatCount, formatSize } from './format';

const limitChoices = [250, 500, 1024, 2048, 5120, 10240];

const limitLabel = (mb: number) => (mb >= 1024 ? `${mb / 1024} GB` : `${mb} MB`);

/**
 * The panel's options: how much disk the thumbnail and download cache may use, and a way
 * to empty it. A disclosure rather than a menu: it holds a form, not a list of commands.
 */
export function CacheMenu({ lockedLimitMb }: { lockedLimitMb: number | undefined }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [info, setInfo] = useState<CacheInfo | undefined>();
  const [status, setStatus] = useState('');
  const [error, setError] = useState<AppErrorShape | undefined>();
  const [busy, setBusy] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    call('media.cacheInfo', {}).then(
      (next) => live && setInfo(next),
      (e: unknown) => live && setError(errorShape(e)),
    );
    const onPointer = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    // On the document: focus may be nowhere in particular after a control updates.
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      const inside = wrapper.current?.contains(document.activeElement) ?? false;
      setOpen(false);
      if (inside || document.activeElement === document.body) toggle.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      live = false;
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const run = async (action: () => Promise<CacheInfo>, done: string) => {
    setBusy(true);
    setError(undefined);
    setStatus('');
    try {
      setInfo(await action());
      setStatus(done);
    } catch (e) {
      setError(errorShape(e));
    } finally {
      setBusy(false);
    }
  };

  const limit = lockedLimitMb ?? info?.limitMb;
  const choices = limit !== undefined && !limitChoices.includes(limit) ? [...limitChoices, limit].sort((a, b) => a - b) : limitChoices;

  return (
    <div className="options" ref={wrapper}>
      <button
        ref={toggle}
        type="button"
        className="button-quiet options-toggle"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => {
          setStatus('');
          setError(undefined);
          setOpen(!open);
        }}
      >
        Cache
      </button>
      {open && (
        <section className="popover" id={`${id}-panel`} aria-labelledby={`${id}-title`}>
          <h2 id={`${id}-title`}>Image cache</h2>
          <p className="popover-text">
            Thumbnails, previews and downloaded originals are kept on this computer so results and drags are instant.
          </p>
          <p className="popover-usage">
            {info
              ? `${formatSize(info.usedBytes) ?? '0 B'} used · ${formatCount(info.files)} ${info.files === 1 ? 'file' : 'files'}`
              : 'Measuring…'}
          </p>
          {info?.indexBytes !== undefined && (
            <p className="popover-usage">Name index: {formatSize(info.indexBytes) ?? '0 B'} on disk (not counted in the limit)</p>
          )}
          <div className="field">
            <label htmlFor={`${id}-limit`}>Keep at most</label>
            <select
              id={`${id}-limit`}
              value={limit ?? 1024}
              disabled={lockedLimitMb !== undefined || !info}
              onChange={(e) => void run(() => call('media.setCacheLimit', { limitMb: Number(e.target.value) }), 'Cache limit saved.')}
            >
              {choices.map((mb) => (
                <option key={mb} value={mb}>
                  {limitLabel(mb)}
                </option>
              ))}
            </select>
            {lockedLimitMb !== undefined && <p className="field-hint">Set by your organisation.</p>}
            <p className="field-hint">The least recently used files go first when the cache is full.</p>
          </div>
          <DragPrefsFields />
          <button type="button" disabled={busy} onClick={() => void run(() => call('media.clearCache', {}), 'Cache cleared.')}>
            Clear cache
          </button>
          <p role="status" className="popover-status">
            {status}
          </p>
          {error && <ErrorMessage error={error} />}
        </section>
      )}
    </div>
  );
}
