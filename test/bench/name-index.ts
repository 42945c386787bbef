import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import uFuzzy from '@leeoniya/ufuzzy';
import { IndexFiles, freshMeta } from '../../main/index/index-files';
import { IndexWorkerClient } from '../../main/index/index-worker-client';
import { benchQueries, syntheticItems } from './synthetic-names';

/**
 * The name index against the targets of issue #12, and the columnar store beside
 * @leeoniya/ufuzzy over the same names: query p95 in the worker that answers (including
 * the message round trip), memory per item, and loading a million items from disk.
 */
const count = Number(process.env.SKYHOOK_BENCH_NAMES ?? 1_000_000);
const targets = { queryP95Ms: 16, bytesPerItem: 150, loadMs: 1500 };
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? Number.NaN;
const vsTarget = (value: number, target: number) => `${(value / target).toFixed(2)}× the target`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const memory = () => {
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
};

export async function benchNameIndex(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'skyhook-bench-index-'));
  const items = syntheticItems(count);
  console.log(`\nName index over ${count.toLocaleString()} synthetic names (camera, marketing, unicode); queries of 1–8 characters`);
  const client = new IndexWorkerClient(root);
  // The worker is unref'd (it must not keep the app alive); this run waits on it.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    await client.call({ op: 'open', key: 'bench' });
    const meta = { ...freshMeta(), complete: true };
    const buildStart = performance.now();
    for (let i = 0; i < items.length; i += 10_000) await client.call({ op: 'write', key: 'bench', entry: { upserts: items.slice(i, i + 10_000), meta } });
    const buildMs = performance.now() - buildStart;

    const samples: number[] = [];
    const perQuery: string[] = [];
    for (const text of benchQueries) await client.call({ op: 'query', key: 'bench', text, offset: 0, limit: 200 });
    for (const text of benchQueries) {
      const own: number[] = [];
      for (let round = 0; round < 5; round++) {
        const start = performance.now();
        await client.call({ op: 'query', key: 'bench', text, offset: 0, limit: 200 });
        own.push(performance.now() - start);
      }
      samples.push(...own);
      perQuery.push(`"${text}" ${percentile(own, 0.5).toFixed(1)}`);
    }
    const p95 = percentile(samples, 0.95);
    console.log(`  indexing (journaled pages of 10 000, in the worker) ${(buildMs / 1000).toFixed(1)} s`);
    console.log(`  query p95 ${p95.toFixed(1)} ms, median ${percentile(samples, 0.5).toFixed(1)} ms · ${vsTarget(p95, targets.queryP95Ms)} (≤ ${targets.queryP95Ms} ms)`);
    console.log(`  per query, median ms: ${perQuery.join(' · ')}`);

    await client.call({ op: 'close', key: 'bench' });
    // Fold the journal into a snapshot, then time a cold load in the worker.
    const files = new IndexFiles(join(root, 'bench'));
    const loaded = files.load();
    files.snapshot(loaded.store, meta);
    files.close();
    const loadStart = performance.now();
    const opened = await client.call({ op: 'open', key: 'bench' });
    const loadMs = performance.now() - loadStart;
    console.log(`  load from disk (${(opened.bytes / 1024 / 1024).toFixed(0)} MB snapshot) ${loadMs.toFixed(0)} ms · ${vsTarget(loadMs, targets.loadMs)} (≤ ${targets.loadMs} ms)`);
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
  console.log(
    `  memory per item: ${(heap + buffers).toFixed(0)} B (${heap.toFixed(0)} B V8 heap + ${buffers.toFixed(0)} B typed arrays) · ${vsTarget(heap + buffers, targets.bytesPerItem)} (≤ ${targets.bytesPerItem} B)${(globalThis as { gc?: unknown }).gc ? '' : ' — run with --expose-gc for exact figures'}`,
  );
  rmSync(root, { recursive: true, force: true });

  // uFuzzy over the same names: a string per name and its own substring search.
  gc();
  const fuzzyBefore = memory();
  const haystack = items.map((item) => item.name);
  items.length = 0;
  gc();
  const fuzzyAfter = memory();
  const uf = new uFuzzy({ intraMode: 0, intraIns: 0, interIns: Number.POSITIVE_INFINITY });
  const fuzzy: number[] = [];
  for (const text of benchQueries) {
    for (let round = 0; round < 3; round++) {
      const start = performance.now();
      const idxs = uf.filter(haystack, text);
      if (idxs && idxs.length < 50_000) {
        const info = uf.info(idxs, haystack, text);
        uf.sort(info, haystack, text);
      }
      fuzzy.push(performance.now() - start);
    }
  }
  const fuzzyBytes = (fuzzyAfter.heap - fuzzyBefore.heap) / haystack.length;
  console.log(
    `  @leeoniya/ufuzzy (substring mode, filter + rank) p95 ${percentile(fuzzy, 0.95).toFixed(1)} ms, median ${percentile(fuzzy, 0.5).toFixed(1)} ms · names alone as strings ${fuzzyBytes.toFixed(0)} B per item (before ids, paths, sizes, dates)`,
  );
}
