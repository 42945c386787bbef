import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import parcel from '@parcel/watcher';
import { watch } from 'chokidar';

/**
 * Which watcher follows a local folder for the name index: time until a 10 000-file tree
 * is watched, memory it takes, and how long a new file takes to be reported.
 */
const folders = 500;
const perFolder = 20;

async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
}

export async function benchWatchers(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'skyhook-bench-watch-'));
  for (let d = 0; d < folders; d++) {
    mkdirSync(join(root, `f${d}`, 'sub'), { recursive: true });
    for (let f = 0; f < perFolder; f++) writeFileSync(join(root, `f${d}`, 'sub', `p${f}.jpg`), '');
  }
  const results: string[] = [];
  try {
    for (const name of ['@parcel/watcher', 'chokidar'] as const) {
      const seen: string[] = [];
      const heap = process.memoryUsage().heapUsed;
      const start = performance.now();
      let stop: () => Promise<void>;
      if (name === '@parcel/watcher') {
        const sub = await parcel.subscribe(root, (_e, events) => seen.push(...events.map((e) => e.path)));
        stop = () => sub.unsubscribe();
      } else {
        const w = watch(root, { ignoreInitial: true });
        w.on('add', (path) => seen.push(path));
        await new Promise<void>((resolve) => w.once('ready', () => resolve()));
        stop = () => w.close();
      }
      const ready = performance.now() - start;
      const grown = (process.memoryUsage().heapUsed - heap) / 1024 / 1024;
      const file = join(root, `f${folders - 1}`, 'sub', `new-${name.replace(/\W/g, '')}.jpg`);
      const written = performance.now();
      writeFileSync(file, '');
      await waitFor(() => seen.includes(file));
      const latency = performance.now() - written;
      await stop();
      results.push(
        `  ${name.padEnd(16)} watching after ${ready.toFixed(0)} ms · heap +${grown.toFixed(1)} MB · new file reported after ${latency.toFixed(0)} ms`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.log(`\nWatching a local folder of ${(folders * perFolder).toLocaleString()} files in ${(folders * 2).toLocaleString()} folders`);
  for (const line of results) console.log(line);
}
