import { useState } from 'react';
import type { AppErrorShape, SearchHit } from '../../../preload/contract';
import { call, errorShape } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDate, formatSize } from './format';

interface Props {
  hit: SearchHit;
  source: string;
  onClose: () => void;
}

export function PreviewPane({ hit, source, onClose }: Props) {
  const [error, setError] = useState<AppErrorShape | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const ref = { connectionId: hit.connectionId, itemId: hit.itemId };
  const run = (action: () => Promise<unknown>, message: string) => {
    setError(undefined);
    setDone(undefined);
    action().then(
      () => setDone(message),
      (e: unknown) => setError(errorShape(e)),
    );
  };
  const facts: Array<[string, string | undefined]> = [
    ['Source', source],
    ['Location', hit.location],
    ['Size', formatSize(hit.size)],
    ['Dimensions', hit.width && hit.height ? `${hit.width} × ${hit.height}` : undefined],
    ['Modified', formatDate(hit.modifiedAt)],
  ];
  return (
    <aside className="preview" aria-label={`Preview of ${hit.name}`} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="preview-header">
        <h2 title={hit.name}>{hit.name}</h2>
        <button type="button" className="button-quiet" onClick={onClose} aria-label="Close preview">
          ✕
        </button>
      </div>
      <img className="preview-image" src={hit.thumbnailUrl} alt="" />
      <dl className="facts">
        {facts
          .filter((f): f is [string, string] => f[1] !== undefined)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <div className="preview-actions">
        {hit.canOpenOriginal && (
          <button type="button" onClick={() => run(() => call('item.openOriginal', ref), 'Opened in your browser.')}>
            Open original
          </button>
        )}
        <button type="button" onClick={() => run(() => call('item.copyImage', ref), 'Copied to the clipboard.')}>
          Copy image
        </button>
        <button type="button" onClick={() => run(() => call('item.reveal', ref), 'Shown in its folder.')}>
          Show in folder
        </button>
      </div>
      {hit.canOpenOriginal && source && (
        <p className="hint">“Open original” works for people who can see the file in its own app themselves.</p>
      )}
      <div role="status">{done}</div>
      {error && <ErrorMessage error={error} />}
    </aside>
  );
}
