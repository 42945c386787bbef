import { memo, useState } from 'react';
import type { DragEvent } from 'react';
import type { SearchHit } from '../../../preload/contract';
import { typeBadge } from '../../../preload/image-types';
import type { ClickModifiers } from './selection';
import type { TileActivity } from './use-drag-out';
import { HighlightedName } from './HighlightedName';
import { markThumbnailShown, useThumbnailSrc } from './thumbnail-requests';

export interface TileHandlers {
  onSelect(hit: SearchHit, index: number, modifiers: ClickModifiers): void;
  onOpen(hit: SearchHit): void;
  onHoverStart(hit: SearchHit): void;
  onHoverEnd(): void;
  onPrefetch(hit: SearchHit): void;
  onDragStart(hit: SearchHit, event: DragEvent): void;
}

interface Props {
  hit: SearchHit;
  index: number;
  column: number;
  source: string;
  /** The other connections that reach the same file ("also in: Box — Marketing"). */
  alsoIn?: string;
  active: boolean;
  selected: boolean;
  height: number;
  activity: TileActivity | undefined;
  handlers: TileHandlers;
}

/**
 * One result: a grid cell that can be focused, dragged out and opened. The image's alt
 * text is the exact file name (the name people and tests find it by); the visible name
 * repeats it, so it is hidden from screen readers to be read once.
 */
export const ResultTile = memo(function ResultTile({
  hit,
  index,
  column,
  source,
  alsoIn,
  active,
  selected,
  height,
  activity,
  handlers,
}: Props) {
  const [broken, setBroken] = useState(false);
  const thumbnail = useThumbnailSrc(hit.thumbnailUrl);
  return (
    <div
      role="gridcell"
      aria-colindex={column + 1}
      aria-selected={selected}
      aria-busy={activity?.phase === 'preparing' || undefined}
      tabIndex={active ? 0 : -1}
      data-index={index}
      className={`tile${selected ? ' tile-selected' : ''}`}
      style={{ height }}
      draggable
      onClick={(event) => handlers.onSelect(hit, index, { range: event.shiftKey, toggle: event.ctrlKey || event.metaKey })}
      onDoubleClick={() => handlers.onOpen(hit)}
      onPointerEnter={() => handlers.onHoverStart(hit)}
      onPointerLeave={handlers.onHoverEnd}
      onPointerDown={() => handlers.onPrefetch(hit)}
      // Arrowing through the grid should not download every original it passes: same pause as hover.
      onFocus={() => handlers.onHoverStart(hit)}
      onBlur={handlers.onHoverEnd}
      onDragStart={(event) => handlers.onDragStart(hit, event)}
    >
      <span className="tile-image">
        {broken ? (
          <span className="tile-placeholder" role="img" aria-label={hit.name}>
            {typeBadge(hit.name)}
          </span>
        ) : (
          // Decoded with the frame: a thumbnail in memory paints in its tile's first frame.
          <img
            src={thumbnail}
            alt={hit.name}
            decoding="sync"
            draggable={false}
            onLoad={() => markThumbnailShown(hit.thumbnailUrl)}
            onError={() => setBroken(true)}
          />
        )}
        {activity && <TileBadge activity={activity} name={hit.name} />}
        {!activity && (
          <span className="tile-drag-cue" aria-hidden="true">
            Drag out
          </span>
        )}
      </span>
      <span className="tile-name" aria-hidden="true" title={hit.name}>
        <HighlightedName name={hit.name} matches={hit.matches} />
      </span>
      <span className="tile-source" title={alsoIn ? `${source} · also in ${alsoIn}` : undefined}>
        {source}
        {alsoIn && <span className="tile-also"> · also in {alsoIn}</span>}
      </span>
    </div>
  );
});

function TileBadge({ activity, name }: { activity: TileActivity; name: string }) {
  if (activity.phase === 'ready') return <span className="tile-badge tile-badge-ready">Ready — drag again</span>;
  if (activity.phase === 'failed') {
    return (
      <span className="tile-badge tile-badge-failed" title={activity.message}>
        Could not prepare
      </span>
    );
  }
  return (
    <span className="tile-badge">
      Downloading original…
      <span
        className="tile-progress"
        role="progressbar"
        aria-label={`Downloading ${name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(activity.percent !== undefined ? { 'aria-valuenow': activity.percent } : {})}
      >
        <span
          className={activity.percent === undefined ? 'tile-progress-bar tile-progress-indeterminate' : 'tile-progress-bar'}
          style={activity.percent === undefined ? undefined : { width: `${activity.percent}%` }}
        />
      </span>
    </span>
  );
}
