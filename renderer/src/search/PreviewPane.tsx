import { useEffect, useId, useState } from 'react';
import type { DragEvent } from 'react';
import type { AppErrorShape, PrefetchResult, SearchHit } from '../../../preload/contract';
import { call, errorShape } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDate, formatSize } from './format';

interface Props {
  hit: SearchHit;
  source: string;
  /** Fetches the original (shared with drag-out, so it is fetched once). */
  prefetch(hit: SearchHit): Promise<PrefetchResult>;
  onDragStart(hit: SearchHit, event: DragEvent): void;
  onUsed(hit: SearchHit): void;
  onClose(): void;
}

/**
 * The selected result, larger, with what a designer asks before using it: how big, how
 * many pixels, where it lives, how fresh. The original is fetched on open, which fills in
 * the exact size and dimensions and makes copying and dragging instant.
 */
export function PreviewPane({ hit, source, prefetch, onDragStart, onUsed, onClose }: Props) {
  const titleId = useId();
  const [original, setOriginal] = useState<{ key: string; result: PrefetchResult } | undefined>();
  const [outcome, setOutcome] = useState<{ key: string; done?: string; error?: AppErrorShape } | undefined>();
  const [loaded, setLoaded] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    prefetch(hit).then(
      (result) => live && setOriginal({ key: hit.key, result }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [hit, prefetch]);

  const details = original?.key === hit.key ? original.result : undefined;
  const shown = outcome?.key === hit.key ? outcome : undefined;
  const ref = { connectionId: hit.connectionId, itemId: hit.itemId };
  const run = <T,>(action: () => Promise<T>, message: (value: T) => string | undefined) => {
    setOutcome({ key: hit.key });
    onUsed(hit);
    action().then(
      (value) => setOutcome({ key: hit.key, done: message(value) }),
      (e: unknown) => setOutcome({ key: hit.key, error: errorShape(e) }),
    );
  };

  const width = details?.width ?? hit.width;
  const height = details?.height ?? hit.height;
  const facts: Array<[string, string | undefined]> = [
    ['Size', formatSize(details?.size ?? hit.size)],
    ['Dimensions', width && height ? `${width} × ${height} px` : undefined],
    ['Type', hit.name.includes('.') ? hit.name.split('.').pop()?.toUpperCase() : undefined],
    ['Modified', formatDate(hit.modifiedAt)],
    ['Location', hit.location === '/' ? `Top folder of ${source}` : hit.location],
    ['Source', source],
  ];

  return (
    <aside
      className="preview"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <div className="preview-header">
        <h2 id={titleId} title={hit.name}>
          {hit.name}
        </h2>
        <button type="button" className="button-quiet preview-close" onClick={onClose} aria-label="Close preview">
          ✕
        </button>
      </div>
      <div className="preview-stage" draggable onDragStart={(event) => onDragStart(hit, event)} title="Drag onto your canvas">
        {/* The thumbnail shows at once; the larger rendition replaces it when it has loaded. */}
        <img className="preview-image" src={hit.thumbnailUrl} alt="" draggable={false} />
        {hit.previewUrl && (
          <img
            key={hit.previewUrl}
            className={loaded === hit.previewUrl ? 'preview-image preview-sharp preview-loaded' : 'preview-image preview-sharp'}
            src={hit.previewUrl}
            alt=""
            draggable={false}
            onLoad={() => setLoaded(hit.previewUrl)}
          />
        )}
      </div>
      <dl className="facts">
        {facts
          .filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '')
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <div className="preview-actions">
        {hit.canOpenOriginal && (
          <button
            type="button"
            className="button-primary"
            onClick={() =>
              run(
                () => call('item.openOriginal', ref),
                () => 'Opened in your browser.',
              )
            }
          >
            Open original
          </button>
        )}
        <button
          type="button"
          onClick={() =>
            run(
              () => call('item.copyImage', ref),
              () => 'Copied to the clipboard.',
            )
          }
        >
          Copy image
        </button>
        <button
          type="button"
          onClick={() =>
            run(
              () => call('item.saveAs', ref),
              (path) => (path ? `Saved as ${path}.` : undefined),
            )
          }
        >
          Save as…
        </button>
        <button
          type="button"
          onClick={() =>
            run(
              () => call('item.reveal', ref),
              () => 'Shown in its folder.',
            )
          }
        >
          Show in folder
        </button>
      </div>
      <p className="preview-hint">Drag the image above, or its tile, onto your canvas: it arrives as the original file.</p>
      {hit.canOpenOriginal && <p className="preview-hint">“Open original” works for people who can see the file in {source} themselves.</p>}
      <p role="status" className="preview-status">
        {shown?.done}
      </p>
      {shown?.error && <ErrorMessage error={shown.error} />}
    </aside>
  );
}
