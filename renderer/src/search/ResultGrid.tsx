import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode, Ref } from 'react';
import type { SearchHit } from '../../../preload/contract';
import type { ShownHit } from './one-per-file';
import type { ClickModifiers } from './selection';
import { nextIndex } from './grid-keys';
import { asksForNextPage, nearEndMargin } from './next-page';
import { ResultTile, type TileHandlers } from './ResultTile';
import type { TileActivity } from './use-drag-out';
import { afterNextPaint } from './after-next-paint';
import { busyCueDelayMs, useLateFlag } from './use-late-flag';

export interface GridHandle {
  /** Moves keyboard focus into the grid, on the active result. */
  focus(): void;
}

interface Props {
  hits: readonly ShownHit[];
  sourceName(connectionId: string): string;
  selectedKeys: ReadonlySet<string>;
  activity: Readonly<Record<string, TileActivity>>;
  handlers: Omit<TileHandlers, 'onSelect'>;
  onSelect(hit: SearchHit, modifiers: ClickModifiers): void;
  /** Ctrl/Cmd-A. */
  onSelectAll(): void;
  /** Ctrl/Cmd-C on a focused result: its image goes to the clipboard. */
  onCopy(hit: SearchHit): void;
  /** Keyboard focus moved to another result (the preview follows it while open). */
  onActiveChange?(hit: SearchHit): void;
  /** Escape inside the grid. */
  onEscape(): void;
  /** The end of the list came near: time to fetch the next page. */
  onNearEnd(): void;
  /** The results in view changed: indexes `first` (inclusive) to `last` (exclusive), top row first. */
  onVisibleChange?(first: number, last: number): void;
  footer?: ReactNode;
  label: string;
  /** The hits are the previous query's, shown dimmed until the new one answers. */
  stale?: boolean;
  ref?: Ref<GridHandle>;
}

/** Layout constants; the row height follows from the tile width so no tile is measured. */
const minTileWidth = 176;
const gap = 14;
const sidePadding = 16;
/** Tile chrome around the 4:3 image: border, padding, name and source lines. */
const tileChrome = 64;

export function gridLayout(width: number): { columns: number; tileHeight: number; rowHeight: number } {
  const inner = Math.max(0, width - sidePadding * 2);
  const columns = Math.max(1, Math.floor((inner + gap) / (minTileWidth + gap)));
  const tileWidth = (inner - gap * (columns - 1)) / columns;
  const tileHeight = Math.round(Math.max(80, (tileWidth - 18) * 0.75) + tileChrome);
  return { columns, tileHeight, rowHeight: tileHeight + gap };
}

/**
 * The results as an ARIA grid, virtualised by rows so ten thousand results cost what a
 * screenful costs. Focus is a roving tabindex over the cells; the focused row is always
 * rendered, even when scrolled away, so Tab comes back to it.
 */
/** The size the last grid measured (see `size` below). */
let lastSize = { width: 0, height: 0 };

export function ResultGrid({
  hits,
  sourceName,
  selectedKeys,
  activity,
  handlers,
  onSelect,
  onSelectAll,
  onCopy,
  onActiveChange,
  onEscape,
  onNearEnd,
  onVisibleChange,
  footer,
  label,
  stale = false,
  ref,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const sentinelRef = useRef<HTMLDivElement>(null);
  // A new query unmounts the grid until its results land; starting from the last grid's size
  // (the same window) lets the first render lay out the tiles, not a render at width 0 first.
  const [size, setSize] = useState(lastSize);
  const [activeKey, setActiveKey] = useState<string | undefined>();
  const focusPending = useRef(false);
  // Busy for screen readers at once; dimmed only if the answer is slow to come.
  const dimmed = useLateFlag(stale, busyCueDelayMs);

  const { columns, tileHeight, rowHeight } = gridLayout(size.width);
  const rowCount = Math.ceil(hits.length / columns);
  const foundIndex = activeKey === undefined ? -1 : hits.findIndex((h) => h.key === activeKey);
  const activeIndex = foundIndex >= 0 ? foundIndex : 0;
  const activeRow = Math.floor(activeIndex / columns);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const measure = () => {
      const width = element.clientWidth;
      const height = element.clientHeight;
      lastSize = { width, height };
      setSize((old) => (old.width === width && old.height === height ? old : lastSize));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const rangeExtractor = useCallback(
    (range: Range) => {
      const rows = defaultRangeExtractor(range);
      return rows.includes(activeRow) || activeRow >= rowCount ? rows : [...rows, activeRow].sort((a, b) => a - b);
    },
    [activeRow, rowCount],
  );

  // The virtualizer's functions change on every scroll by design; nothing memoised depends on them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 2,
    paddingStart: sidePadding,
    paddingEnd: gap,
    rangeExtractor,
    initialRect: lastSize,
  });

  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);

  // The rows actually in view (no overscan): what the person can be looking at.
  const inView = virtualizer.range;
  const firstVisible = inView && size.height > 0 ? inView.startIndex * columns : 0;
  const lastVisible = inView && size.height > 0 ? Math.min(hits.length, (inView.endIndex + 1) * columns) : 0;
  useEffect(() => {
    if (!onVisibleChange) return;
    return afterNextPaint(() => onVisibleChange(firstVisible, lastVisible));
  }, [onVisibleChange, firstVisible, lastVisible]);

  const focusCell = useCallback(
    (index: number) => {
      const hit = hits[index];
      if (!hit) return;
      focusPending.current = true;
      setActiveKey(hit.key);
      onActiveChange?.(hit);
      virtualizer.scrollToIndex(Math.floor(index / columns), { align: 'auto' });
    },
    [hits, columns, virtualizer, onActiveChange],
  );

  useLayoutEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    gridRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`)?.focus({ preventScroll: true });
  });

  useImperativeHandle(ref, () => ({ focus: () => focusCell(activeIndex) }), [focusCell, activeIndex]);

  // Infinite scroll: a sentinel below the last row asks for more while it is (nearly) in view.
  // A new observer for every list that rendered (a page that landed, whether or not it added
  // anything on screen: a type filter can hide a whole page): its first report is taken after
  // that list's layout, at the scroll position of that moment. One observer for the grid's
  // life reported only crossings: a page that landed while the end was in view, followed by a
  // scroll back to the new end before the observer looked again, was no crossing, and paging stopped.
  useEffect(() => {
    const sentinel = sentinelRef.current;
    const root = scrollRef.current;
    if (!sentinel || !root) return;
    const observer = new IntersectionObserver(
      (entries) => {
        const now = { endTop: sentinel.getBoundingClientRect().top, viewBottom: root.getBoundingClientRect().bottom };
        if (
          asksForNextPage(
            entries.some((e) => e.isIntersecting),
            now,
          )
        )
          onNearEnd();
      },
      { root, rootMargin: `0px 0px ${nearEndMargin}px 0px` },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [onNearEnd, hits]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const hit = hits[activeIndex];
    if (!hit || event.target === event.currentTarget) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      handlers.onOpen(hit);
      return;
    }
    const command = event.ctrlKey || event.metaKey;
    if (event.key === ' ') {
      event.preventDefault();
      onSelect(hit, { range: event.shiftKey, toggle: command });
      return;
    }
    if (command && !event.altKey && (event.key === 'a' || event.key === 'A')) {
      event.preventDefault();
      onSelectAll();
      return;
    }
    if (command && !event.altKey && (event.key === 'c' || event.key === 'C')) {
      // The tile that has focus, wherever the roving index last was.
      const focusedIndex = Number((event.target as HTMLElement).closest('[data-index]')?.getAttribute('data-index'));
      event.preventDefault();
      onCopy(hits[focusedIndex] ?? hit);
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      onEscape();
      return;
    }
    const pageRows = Math.max(1, Math.floor(size.height / rowHeight));
    const next = nextIndex(event.key, event.ctrlKey || event.metaKey, { index: activeIndex, count: hits.length, columns, pageRows });
    if (next === undefined) return;
    event.preventDefault();
    focusCell(next);
  };

  const tileHandlers = useMemo<TileHandlers>(
    () => ({
      ...handlers,
      onSelect: (hit, _index, modifiers) => {
        setActiveKey(hit.key);
        onSelect(hit, modifiers);
      },
    }),
    [handlers, onSelect],
  );

  return (
    <div className="results-scroll" ref={scrollRef}>
      <div
        ref={gridRef}
        role="grid"
        aria-label={label}
        aria-multiselectable
        aria-rowcount={rowCount}
        aria-colcount={columns}
        aria-busy={stale}
        className={dimmed ? 'grid grid-stale' : 'grid'}
        style={{ height: virtualizer.getTotalSize() }}
        onKeyDown={onKeyDown}
      >
        {virtualizer.getVirtualItems().map((row) => (
          <div
            key={row.key}
            role="row"
            aria-rowindex={row.index + 1}
            className="grid-row"
            style={{
              transform: `translateY(${row.start}px)`,
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
              height: tileHeight,
            }}
          >
            {hits.slice(row.index * columns, row.index * columns + columns).map((hit, column) => {
              const index = row.index * columns + column;
              return (
                <ResultTile
                  key={hit.key}
                  hit={hit}
                  index={index}
                  column={column}
                  source={sourceName(hit.connectionId)}
                  {...(hit.alsoIn?.length ? { alsoIn: hit.alsoIn.map((other) => sourceName(other.connectionId)).join(', ') } : {})}
                  active={index === activeIndex}
                  selected={selectedKeys.has(hit.key)}
                  height={tileHeight}
                  activity={activity[hit.key]}
                  handlers={tileHandlers}
                />
              );
            })}
          </div>
        ))}
      </div>
      <div ref={sentinelRef} className="grid-sentinel" aria-hidden="true" />
      {footer}
    </div>
  );
}
