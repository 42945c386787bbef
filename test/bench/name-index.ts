import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import uFuzzy from '@leeoniya/ufuzzy';
import { queryWords } from '../../main/index/fold';
import { IndexFiles, freshMeta } from '../../main/index/index-files';
import { IndexWorkerClient } from '../../main/index/index-worker-client';
import { benchQueries, syntheticItems } from './synthetic-names';
import { addRow, formatMs, formatRatio } from './table';

/**
 * The name index against the targets of issue #12, and the columnar store beside
 * @leeoniya/ufuzzy over the same names: query p95 in the worker that answers (including
 * the message round trip), memory per item, loading a million items from disk, indexing.
 *
 * Wall time on a shared machine says as much about the neighbours as about the code, so
 * every figure also gives the CPU time this process spent (process.cpuUsage: the worker's
 * and the waiting main thread's), and the load is set beside what merely getting that
 * many bytes of fresh memory costs on the same machine.
 */
const count = Number(process.env.SKYHOOK_BENCH_NAMES ?? 1_000_000);
const targets = { queryP95Ms: 16, bytesPerItem: 150, loadMs: 1500 };
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? Number.NaN;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const memory = () => {
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
};

interface Cost {
  wall: number;
  cpu: number;
}

async function measure<T>(work: () => Promise<T> | T): Promise<Cost & { value: T }> {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const value = await work();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, value };
}

const both = (c: Cost) => `${formatMs(c.wall)} wall, ${c.cpu.toFixed(1)} ms CPU`;
const name = `${count.toLocaleString('en-US')} synthetic names`;

/** Rounds go through every query before repeating one, so no query follows itself. */
async function queryCosts(run: (text: string) => Promise<unknown> | unknown, rounds: number): Promise<Map<string, Cost[]>> {
  for (const text of benchQueries) await run(text);
  const costs = new Map<string, Cost[]>(benchQueries.map((text) => [text, []]));
  for (let round = 0; round < rounds; round++) for (const text of benchQueries) costs.get(text)?.push(await measure(() => run(text)));
  return costs;
}

function summary(costs: Map<string, Cost[]>): { wall: number; cpu: number; perQuery: string } {
  const all = [...costs.values()].flat();
  const perQuery = [...costs.entries()]
    .map(
      ([text, c]) =>
        `"${text}" ${percentile(
          c.map((x) => x.cpu),
          0.5,
        ).toFixed(1)}`,
    )
    .join(' · ');
  return {
    wall: percentile(
      all.map((c) => c.wall),
      0.95,
    ),
    cpu: percentile(
      all.map((c) => c.cpu),
      0.95,
    ),
    perQuery,
  };
}

/** What the machine charges for `bytes` of fresh memory, touched once (page faults, zeroing). */
function freshMemoryCost(bytes: number): Cost {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  new Uint8Array(bytes).fill(1);
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

export async function benchNameIndex(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'skyhook-bench-index-'));
  let items = syntheticItems(count);
  console.log(`\nName index over ${name} (camera, marketing, unicode); queries of 1–8 characters`);
  const client = new IndexWorkerClient(root);
  // The worker is unref'd (it must not keep the app alive); this run waits on it.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    await client.call({ op: 'open', key: 'bench' });
    const meta = { ...freshMeta(), complete: true };
    const build = await measure(async () => {
      for (let i = 0; i < items.length; i += 10_000)
        await client.call({ op: 'write', key: 'bench', entry: { upserts: items.slice(i, i + 10_000), meta } });
      // As a crawl ends: its sweep (nothing to drop here) packs the store.
      await client.call({ op: 'write', key: 'bench', entry: { sweep: meta.epoch, meta } });
    });
    console.log(`  indexing (journaled pages of 10 000, in the worker): ${both(build)}`);
    addRow({
      figure: `indexing ${name} in journaled pages of 10 000 (worker)`,
      measured: both(build),
      target: '—',
      ratio: `${Math.round(count / (build.wall / 1000)).toLocaleString('en-US')} items/s`,
      pass: undefined,
    });

    const costs = await queryCosts((text) => client.call({ op: 'query', key: 'bench', text, offset: 0, limit: 200 }), 5);
    const q = summary(costs);
    console.log(`  query p95 (page of 200 with highlights, worker round trip): ${formatMs(q.wall)} wall, ${q.cpu.toFixed(1)} ms CPU`);
    console.log(`  per query, median CPU ms: ${q.perQuery}`);
    addRow({
      figure: `query p95 over ${name}, 1–8 characters (worker)`,
      measured: `${q.wall.toFixed(1)} ms wall, ${q.cpu.toFixed(1)} ms CPU`,
      target: `≤ ${targets.queryP95Ms} ms`,
      ratio: formatRatio(q.wall / targets.queryP95Ms),
      pass: q.wall <= targets.queryP95Ms,
    });

    await client.call({ op: 'close', key: 'bench' });
    // Fold the journal into a snapshot, then time a cold load in the worker.
    const files = new IndexFiles(join(root, 'bench'));
    const loaded = files.load();
    files.snapshot(loaded.store, meta);
    files.close();
    const snapshotBytes = statSync(join(root, 'bench', 'names.snapshot')).size;
    const load = await measure(() => client.call({ op: 'open', key: 'bench' }));
    const fresh = freshMemoryCost(snapshotBytes);
    const mb = (snapshotBytes / 1024 / 1024).toFixed(0);
    console.log(
      `  load from disk (${mb} MB snapshot): ${both(load)} · this machine's cost of ${mb} MB of fresh memory alone: ${both(fresh)}`,
    );
    addRow({
      figure: `load of ${name} from disk (${mb} MB; fresh memory of that size alone: ${fresh.cpu.toFixed(0)} ms CPU)`,
      measured: `${formatMs(load.wall)} wall, ${load.cpu.toFixed(0)} ms CPU`,
      target: `≤ ${targets.loadMs} ms`,
      ratio: formatRatio(load.wall / targets.loadMs),
      pass: load.wall <= targets.loadMs,
    });
  } finally {
    clearInterval(keepAlive);
    await client.terminate();
  }

  // Memory: the same snapshot loaded in this thread, measured around the load.
  gc();
  const before = memory();
  const { store } = new IndexFiles(join(root, 'bench')).load();
  gc();
  const after = memory();
  const heap = (after.heap - before.heap) / store.count;
  const buffers = (after.buffers - before.buffers) / store.count;
  const exact = (globalThis as { gc?: unknown }).gc ? '' : ' — run with --expose-gc for exact figures';
  console.log(
    `  memory per item: ${(heap + buffers).toFixed(0)} B (${heap.toFixed(0)} B V8 heap + ${buffers.toFixed(0)} B typed arrays)${exact}`,
  );
  addRow({
    figure: `memory per indexed item (heap + typed arrays)${exact}`,
    measured: `${(heap + buffers).toFixed(0)} B`,
    target: `≤ ${targets.bytesPerItem} B`,
    ratio: formatRatio((heap + buffers) / targets.bytesPerItem),
    pass: heap + buffers <= targets.bytesPerItem,
  });

  // The same queries in this thread: the store's own cost, without the message round trip.
  const inProcess = summary(await queryCosts((text) => store.query(queryWords(text), 0, 200), 5));
  console.log(
    `  query p95 in this thread (ranking only, no highlights): ${formatMs(inProcess.wall)} wall, ${inProcess.cpu.toFixed(1)} ms CPU`,
  );
  rmSync(root, { recursive: true, force: true });

  // uFuzzy over the same names: a string per name and its own substring search. The names
  // are copied so that what they cost is what the measurement sees.
  gc();
  const fuzzyBefore = memory();
  const haystack = items.map((item) => Buffer.from(item.name).toString());
  gc();
  const fuzzyAfter = memory();
  items = [];
  const uf = new uFuzzy({ intraMode: 0, intraIns: 0, interIns: Number.POSITIVE_INFINITY });
  const fuzzy = summary(
    await queryCosts((text) => {
      const idxs = uf.filter(haystack, text);
      // Ranking every match of a one-letter query takes seconds; like the store, rank only what is few enough.
      if (idxs && idxs.length < 50_000) uf.sort(uf.info(idxs, haystack, text), haystack, text);
    }, 3),
  );
  const fuzzyBytes = (fuzzyAfter.heap - fuzzyBefore.heap) / haystack.length;
  console.log(
    `  @leeoniya/ufuzzy (substring mode, filter + rank) p95 ${formatMs(fuzzy.wall)} wall, ${fuzzy.cpu.toFixed(1)} ms CPU · names alone as strings ${fuzzyBytes.toFixed(0)} B per item`,
  );
  addRow({
    figure: `@leeoniya/ufuzzy over the same names, query p95 (in-thread; the store in-thread: ${inProcess.cpu.toFixed(1)} ms CPU); its haystack alone ${fuzzyBytes.toFixed(0)} B per item`,
    measured: `${fuzzy.wall.toFixed(1)} ms wall, ${fuzzy.cpu.toFixed(1)} ms CPU`,
    target: '— (matcher choice)',
    ratio: formatRatio(fuzzy.cpu / Math.max(inProcess.cpu, 0.1)),
    pass: undefined,
  });
}
