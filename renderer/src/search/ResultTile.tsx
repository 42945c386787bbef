import { useState } from 'react';
import type { SearchHit } from '../../../preload/contract';
import { startDrag } from '../api/client';

interface Props {
  hit: SearchHit;
  source: string;
  selected: boolean;
  onSelect: () => void;
  onOpen: () => void;
  /** Starts downloading the original so a drag can begin the moment the user moves. */
  onPrefetch: () => void;
}

export function ResultTile({ hit, source, selected, onSelect, onOpen, onPrefetch }: Props) {
  const [broken, setBroken] = useState(false);
  return (
    <li className={`tile${selected ? ' tile-selected' : ''}`}>
      {/* Not a <button>: a button's content is presentational, which would hide the image's name. */}
      <div
        className="tile-button"
        tabIndex={0}
        aria-current={selected}
        draggable
        onClick={onSelect}
        onDoubleClick={onOpen}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            onOpen();
          }
        }}
        onPointerEnter={onPrefetch}
        onPointerDown={onPrefetch}
        onFocus={onPrefetch}
        onDragStart={(e) => {
          // Electron starts the OS drag itself (with the real file); the page's own drag
          // would only carry a URL.
          e.preventDefault();
          startDrag({ connectionId: hit.connectionId, itemId: hit.itemId });
        }}
      >
        <span className="tile-image">
          {broken ? (
            <span className="tile-placeholder" role="img" aria-label={hit.name}>
              {hit.name.split('.').pop()?.toUpperCase()}
            </span>
          ) : (
            <img src={hit.thumbnailUrl} alt={hit.name} loading="lazy" draggable={false} onError={() => setBroken(true)} />
          )}
        </span>
        <span className="tile-name" title={hit.name}>
          {hit.name}
        </span>
        <span className="tile-source">{source}</span>
      </div>
    </li>
  );
}
