import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import react from '@vitejs/plugin-react';
import { build, type Rollup } from 'vite';
import { localFolderProvider } from '../../main/providers/local/local-folder';
import type { ProviderContext } from '../../main/providers/provider';
import { silentLogger } from '../../main/shared/logger';
import { arrange } from '../../renderer/src/search/result-order';
import { chromiumPath, hasChromium, launchBrowser } from '../harness/browser';
import type { GridSample } from './grid-page';
import { benchCloudCrawl, benchDriveCrawl } from './cloud-crawl';
import { benchNameIndex } from './name-index';
import { benchIndexLive } from './name-index-live';
import { benchWatchers } from './watchers';
import { benchDragReadiness, benchThumbnails } from './issue-13';
import { benchStart } from './start';
import { addRow, addSkipped, formatMs, formatRatio, markdownTable, writeResults } from './table';

/**
 * `npm run bench`: numbers measured side by side in one run, printed as ratios. Nothing
 * here asserts a time; the tests assert behaviour, this shows cost.
 *   1. Local search over 10 000 files: the first search (cold: nothing listed yet in this
 *      process) against the following ones (warm: the OS has the directory cached).
 *   2. Sorting 10 000 results in the renderer.
 *   3. The result grid with 10 000 results in Chromium: virtualised against every tile in
 *      the DOM (first frame with results, a jump to the middle, DOM size).
 */

/** `npm run bench -- thumbnails name-index`: only the benchmarks whose name holds one of the words. */
const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.some((word) => name.includes(word));

const fileCount = 10_000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

async function benchLocalSearch(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'skyhook-bench-'));
  try {
    for (let d = 0; d < 100; d++) {
      const dir = join(folder, `shoot-${String(d).padStart(3, '0')}`);
      mkdirSync(dir);
      for (let f = 0; f < fileCount / 100; f++)
        writeFileSync(join(dir, `photo-${String(d * 100 + f).padStart(5, '0')}.${f % 5 === 0 ? 'png' : 'jpg'}`), '');
    }
    const context = { connectionId: 'bench', log: silentLogger } as unknown as ProviderContext;
    const provider = localFolderProvider({ config: { folder }, context });
    const signal = new AbortController().signal;

    const queries = { broad: 'photo', narrow: '07777' };
    console.log(`\nLocal folder search over ${fileCount.toLocaleString()} files (one page of up to 200 results)`);
    for (const [label, query] of Object.entries(queries)) {
      const fresh = localFolderProvider({ config: { folder }, context });
      const [cold, first] = await time(() => fresh.search(query, undefined, signal));
      const warm: number[] = [];
      for (let i = 0; i < 9; i++) warm.push((await time(() => provider.search(query, undefined, signal)))[0]);
      const w = median(warm);
      console.log(
        `  ${label.padEnd(6)} "${query}": ${first.total ?? first.hits.length} matches · cold ${ms(cold)} · warm ${ms(w)} (median of 9) · cold/warm ${ratio(cold, w)}`,
      );
      addRow({
        figure: `local search over ${fileCount.toLocaleString()} files, "${query}": cold beside warm (${formatMs(w)})`,
        measured: formatMs(cold),
        target: '—',
        ratio: formatRatio(cold / w),
        pass: undefined,
      });
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function benchSort(): void {
  const hits = Array.from({ length: fileCount }, (_, i) => ({
    key: `c/${i}`,
    connectionId: 'c',
    itemId: String(i),
    name: `photo-${((i * 7919) % fileCount).toString().padStart(5, '0')}.jpg`,
    modifiedAt: new Date(1_600_000_000_000 + ((i * 104729) % fileCount) * 60_000).toISOString(),
    thumbnailUrl: '',
    canOpenOriginal: false,
  }));
  const measure = (sort: 'relevance' | 'name' | 'modified') => {
    const samples: number[] = [];
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      arrange(hits, sort, 'all');
      samples.push(performance.now() - start);
    }
    return median(samples);
  };
  const base = measure('relevance');
  const byName = measure('name');
  const byDate = measure('modified');
  console.log(`\nArranging ${fileCount.toLocaleString()} results in the renderer (median of 7)`);
  console.log(`  best match ${ms(base)} · by name ${ms(byName)} · by date ${ms(byDate)}`);
  // Best match keeps the arrival order (nearly free): the ratio says nothing then.
  addRow({
    figure: `arranging ${fileCount.toLocaleString()} results by name (by date ${ms(byDate)}, best match ${ms(base)})`,
    measured: ms(byName),
    target: '—',
    ratio: '—',
    pass: undefined,
  });
}

async function bundleGridPage(): Promise<{ js: string; css: string }> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    root: import.meta.dirname,
    plugins: [react()],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      minify: true,
      cssCodeSplit: false,
      lib: { entry: join(import.meta.dirname, 'grid-page.tsx'), formats: ['iife'], name: 'SkyhookBench', fileName: 'grid-page' },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const files = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output);
  const js = files.find((f): f is Rollup.OutputChunk => f.type === 'chunk')?.code ?? '';
  const css = files
    .filter((f): f is Rollup.OutputAsset => f.type === 'asset' && f.fileName.endsWith('.css'))
    .map((f) => String(f.source))
    .join('\n');
  return { js, css };
}

async function benchGrid(): Promise<void> {
  if (!hasChromium) {
    console.log(`\nGrid render: skipped (no Chromium at ${chromiumPath}).`);
    return;
  }
  const { js, css } = await bundleGridPage();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.setContent('<!doctype html><html><head></head><body style="margin:0"><div id="root"></div></body></html>');
    await page.addStyleTag({ content: css });
    await page.addScriptTag({ content: js });
    const run = (mode: 'virtual' | 'plain') =>
      page.evaluate(
        ([m, n]) => (window as unknown as { benchGrid(mode: string, n: number): Promise<GridSample> }).benchGrid(m as string, n as number),
        [mode, fileCount] as const,
      );
    // Alternate the two so that neither gets a warmer browser.
    await run('virtual');
    await run('plain');
    const samples: Record<'virtual' | 'plain', GridSample[]> = { virtual: [], plain: [] };
    for (let i = 0; i < 3; i++) {
      samples.virtual.push(await run('virtual'));
      samples.plain.push(await run('plain'));
    }
    const pick = (mode: 'virtual' | 'plain', key: keyof GridSample) => median(samples[mode].map((s) => s[key]));
    console.log(`\nResult grid with ${fileCount.toLocaleString()} results in Chromium, 1280×800 (median of 3)`);
    for (const [label, key] of [
      ['first frame with results', 'firstFrameMs'],
      ['jump to the middle', 'scrollFrameMs'],
    ] as const) {
      const v = pick('virtual', key);
      const p = pick('plain', key);
      console.log(`  ${label.padEnd(26)} virtualised ${ms(v)} · every tile ${ms(p)} · ${ratio(p, v)} faster virtualised`);
      addRow({
        figure: `grid of ${fileCount.toLocaleString()} results, ${label}: virtualised beside every tile (${ms(p)})`,
        measured: ms(v),
        target: '—',
        ratio: formatRatio(v / p),
        pass: undefined,
      });
    }
    const vn = pick('virtual', 'domNodes');
    const pn = pick('plain', 'domNodes');
    console.log(
      `  ${'DOM elements'.padEnd(26)} virtualised ${vn.toLocaleString()} · every tile ${pn.toLocaleString()} · ${ratio(pn, vn)} fewer`,
    );
  } finally {
    await browser.close();
  }
}

if (wanted('local-search')) await benchLocalSearch();
if (wanted('arranging')) benchSort();
if (wanted('grid')) await benchGrid();
if (wanted('watchers')) await benchWatchers();
if (wanted('name-index')) await benchNameIndex();
// Issue #12: crawls of 100 000 items from the fakes at a 50 ms round trip.
if (wanted('box-crawl')) await benchCloudCrawl();
if (wanted('drive-crawl')) await benchDriveCrawl();

// Issue #13 (drag readiness, thumbnails, start) and issue #12's index in use: through the built bridge in Chromium.
const issue13 = [
  {
    name: 'index-live',
    run: () => benchIndexLive(),
    figure: 'input → first indexed result / Box upload → visible in open results',
    target: '≤ 2 frames / ≤ 2 s',
  },
  { name: 'start', run: () => benchStart(), figure: 'headless start → usable search field', target: '≤ 1.5× a blank page' },
  {
    name: 'thumbnails',
    run: () => benchThumbnails(),
    figure: 'input → first / 8 Box thumbnails',
    target: '≤ 1.2× / ≤ 1.5× (round trip + frame)',
  },
  { name: 'drag-readiness', run: () => benchDragReadiness(), figure: 'drags ready at dragstart', target: '≥ 95 %' },
].filter((bench) => wanted(bench.name));
for (const bench of issue13) {
  if (!hasChromium) addSkipped(bench.figure, bench.target, `no Chromium at ${chromiumPath}`);
  else
    await bench
      .run()
      .catch((error: unknown) =>
        addSkipped(bench.figure, bench.target, error instanceof Error ? (error.message.split('\n')[0] ?? 'failed') : 'failed'),
      );
}

console.log(`\nOne table (every figure beside its target)\n\n${markdownTable()}\n`);
// A filtered run leaves the table of the last full run as it is.
if (only.length === 0)
  console.log(
    `Written to ${writeResults(join(import.meta.dirname, '..', '..'), { node: process.version, cpus: (await import('node:os')).cpus().length })}`,
  );
// Worker threads and keep-alive sockets of the benches must not hold the run open.
process.exit(0);
