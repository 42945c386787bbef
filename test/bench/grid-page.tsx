import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { SearchHit } from '../../preload/contract';
import { gridLayout, ResultGrid } from '../../renderer/src/search/ResultGrid';
import { ResultTile, type TileHandlers } from '../../renderer/src/search/ResultTile';
import '../../renderer/src/styles.css';

/**
 * Bench page (bundled by run.ts, loaded into Chromium): renders N results with the real
 * virtualised grid or with every tile in the DOM, and times the first frame that shows
 * results and a jump to the middle of the list.
 */

export interface GridSample {
  firstFrameMs: number;
  scrollFrameMs: number;
  domNodes: number;
}

const thumb =
  'data:image/svg+xml,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="32" height="24"><rect width="32" height="24" fill="#7c95ff"/></svg>');

const hitsOf = (n: number): SearchHit[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `bench/${i}`,
    connectionId: 'bench',
    itemId: String(i),
    name: `photo-${String(i).padStart(5, '0')}.jpg`,
    thumbnailUrl: thumb,
    canOpenOriginal: false,
  }));

const noop = () => undefined;
const handlers: TileHandlers = { onSelect: noop, onOpen: noop, onHoverStart: noop, onHoverEnd: noop, onPrefetch: noop, onDragStart: noop };
const source = () => 'Bench';

/** Every tile rendered: what the grid would cost without virtualisation. */
function PlainGrid({ hits }: { hits: SearchHit[] }) {
  const { columns, tileHeight } = gridLayout(1280);
  return (
    <div className="results-scroll">
      <div
        role="grid"
        aria-label="Results"
        className="plain-grid"
        style={{ display: 'grid', gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gap: 14, padding: '16px 0' }}
      >
        {hits.map((hit, index) => (
          <ResultTile
            key={hit.key}
            hit={hit}
            index={index}
            column={index % columns}
            source="Bench"
            active={index === 0}
            selected={false}
            height={tileHeight}
            activity={undefined}
            handlers={handlers}
          />
        ))}
      </div>
    </div>
  );
}

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

async function untilCells(host: HTMLElement): Promise<void> {
  for (let i = 0; i < 120 && !host.querySelector('[role="gridcell"]'); i++) await frame();
  await frame();
}

async function benchGrid(mode: 'virtual' | 'plain', n: number): Promise<GridSample> {
  const host = document.getElementById('root');
  if (!host) throw new Error('no root');
  host.className = 'results';
  host.style.cssText = 'width:1280px;height:800px;display:flex;flex-direction:column';
  const hits = hitsOf(n);
  const root = createRoot(host);

  const start = performance.now();
  flushSync(() =>
    root.render(
      mode === 'virtual' ? (
        <ResultGrid
          hits={hits}
          label="Results"
          sourceName={source}
          selectedKeys={new Set()}
          activity={{}}
          handlers={handlers}
          onSelect={noop}
          onSelectAll={noop}
          onCopy={noop}
          onEscape={noop}
          onNearEnd={noop}
        />
      ) : (
        <PlainGrid hits={hits} />
      ),
    ),
  );
  await untilCells(host);
  const firstFrameMs = performance.now() - start;
  const domNodes = host.querySelectorAll('*').length;

  const scroller = host.querySelector<HTMLElement>('.results-scroll');
  const jump = performance.now();
  if (scroller) scroller.scrollTop = scroller.scrollHeight / 2;
  await frame();
  await frame();
  const scrollFrameMs = performance.now() - jump;

  root.unmount();
  return { firstFrameMs, scrollFrameMs, domNodes };
}

(window as unknown as { benchGrid: typeof benchGrid }).benchGrid = benchGrid;
