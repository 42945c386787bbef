import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchWithRetry } from '../../main/http/retrying-fetch';
import { MediaCache } from '../../main/media/media-cache';
import type { Provider } from '../../main/providers/provider';
import { AppError } from '../../main/shared/app-error';
import { localProvider } from '../harness/local-provider';
import { streamOf, useTempDirs } from '../harness/unit';
import { recordFigure } from './figures';

const tempDir = useTempDirs('file');
const signal = () => AbortSignal.timeout(30_000);
const mb = 1024 * 1024;

describe('a server that never answers', () => {
  const servers: Server[] = [];
  const held: ServerResponse[] = [];
  afterAll(() => {
    for (const res of held) res.destroy();
    for (const server of servers) server.close();
  });

  it('ends a hung request and a stalled body with a timeout, not after minutes', async () => {
    const server = createServer((req, res) => {
      held.push(res);
      if (req.url === '/stall') {
        res.writeHead(200, { 'content-length': '1000' });
        res.write(Buffer.alloc(10));
      }
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const policy = { maxRetries: 3, maxWaitSeconds: 30, timeouts: { connectMs: 100, firstByteMs: 400, idleMs: 400 } };
    let failures = 0;
    const outcomes: string[] = [];
    for (const path of ['/search', '/search', '/stall']) {
      const error = await fetchWithRetry(fetch, base + path, { signal: signal() }, policy)
        .then((response) => response.arrayBuffer())
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      if (!(error instanceof AppError) || error.code !== 'timeout') failures++;
      else outcomes.push(error.message.replace(/127\.0\.0\.1:\d+/, 'host'));
    }
    recordFigure({ probe: 'server never answers', tries: 3, failures, lost: 0, note: [...new Set(outcomes)].join(' / ') });
    expect(failures).toBe(0);
  });
});

describe('the cache while files are dragged', () => {
  it('evicts none of 5 dragged originals during 11 more downloads, and a burst stays under the cap', async () => {
    const dir = tempDir();
    const size = 200 * 1024;
    const limit = 6 * size;
    let peak = 0;
    const measure = () => {
      const used = readdirRecursive(join(dir, 'originals')).reduce((sum, file) => sum + readFileSync(file).byteLength, 0);
      peak = Math.max(peak, used);
    };
    const cache = new MediaCache(dir, { limitBytes: limit, onDownload: measure });
    const provider: Provider = {
      search: async () => ({ hits: [] }),
      thumbnailSource: async () => new Uint8Array(),
      original: async (itemId) => {
        const bytes = randomBytes(size);
        return { name: `${itemId}.png`, body: streamOf(bytes.subarray(0, size / 2), bytes.subarray(size / 2)), expected: { size } };
      },
      originalUrl: () => undefined,
      test: async () => ({ summary: '', details: [], nextSteps: [] }),
    };
    const dragged: string[] = [];
    for (let i = 0; i < 5; i++) {
      await cache.original('conn', `dragged-${i}`, provider, signal());
      const ready = cache.readyForDrag('conn', `dragged-${i}`);
      if (ready) dragged.push(ready.file);
    }
    await Promise.all(Array.from({ length: 11 }, (_, i) => cache.original('conn', `more-${i}`, provider, signal())));
    measure();
    const evicted = dragged.filter((file) => cache.readyForDrag('conn', file.split('/').at(-1)!.replace('.png', '')) === undefined).length;
    const overCap = peak > limit + 5 * size ? 1 : 0;
    recordFigure({
      probe: 'eviction while dragged',
      tries: 16,
      failures: evicted + overCap,
      lost: evicted,
      note: `peak ${Math.round((peak / limit) * 100)} % of the cap with 5 pinned`,
    });
    expect(evicted).toBe(0);
    // Pinned originals may hold the cache above its cap; nothing else may.
    expect(overCap).toBe(0);
  });
});

/** Every file below `dir` (empty when it does not exist yet). */
function readdirRecursive(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

describe('local folders', () => {
  it('makes a thumbnail of a 700 MB file without reading it into memory', async () => {
    const folder = tempDir();
    const file = join(folder, 'huge-scan.jpg');
    writeFileSync(
      file,
      await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#3b5bdb' } })
        .jpeg()
        .toBuffer(),
    );
    // Past the image's end, 700 MB of (sparse) padding: a decoder that streams never reads it.
    truncateSync(file, 700 * mb);
    const provider = localProvider(folder);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const thumb = await new MediaCache(tempDir()).thumbnail('conn', 'huge-scan.jpg', provider, signal());
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const growthMb = Math.round((peak - before) / mb);
    const ok = (await sharp(thumb).metadata()).width === 320;
    recordFigure({
      probe: '700 MB local thumbnail',
      tries: 1,
      failures: ok && growthMb < 300 ? 0 : 1,
      lost: 0,
      note: `RSS grew ${growthMb} MB`,
    });
    expect(ok).toBe(true);
    // Loose on purpose: reading the file whole would add 700 MB.
    expect(growthMb).toBeLessThan(300);
  });

  it('skips an unreadable subfolder instead of failing the connection', async () => {
    const base = tempDir();
    chmodSync(base, 0o755);
    const root = join(base, 'library');
    for (let i = 0; i < 200; i++) {
      mkdirSync(join(root, `set-${i % 10}`), { recursive: true });
      writeFileSync(join(root, `set-${i % 10}`, `img-${i}.png`), 'x');
    }
    mkdirSync(join(root, 'private'));
    writeFileSync(join(root, 'private', 'img-secret.png'), 'x');
    chmodSync(join(root, 'private'), 0o000);
    // Root reads any folder whatever its mode: the check runs as an unprivileged user then.
    const asRoot = process.getuid?.() === 0;
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '..', 'harness', 'local-folder-check.ts'), root],
      {
        encoding: 'utf8',
        timeout: 60_000,
        ...(asRoot ? { uid: 65534, gid: 65534, env: { ...process.env, HOME: base } } : {}),
      },
    );
    chmodSync(join(root, 'private'), 0o755);
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT='));
    const result = line
      ? (JSON.parse(line.slice('RESULT='.length)) as {
          ok: boolean;
          visible?: number;
          total?: number;
          details?: Array<{ label: string; value: string }>;
          error?: string;
        })
      : undefined;
    const skippedNote = result?.details?.find((d) => d.label === 'Not readable')?.value;
    const failed = !result?.ok || result.visible !== 200 || result.total !== 200 || !skippedNote;
    recordFigure({
      probe: 'unreadable subfolder',
      tries: 1,
      failures: failed ? 1 : 0,
      lost: 0,
      note: result?.ok ? `${result.visible} images, ${skippedNote}` : (result?.error ?? run.stderr.slice(0, 120)),
    });
    expect(result).toMatchObject({ ok: true, visible: 200, total: 200 });
    expect(skippedNote).toBe('1 subfolder skipped');
  });

  it('never hands out a file through a symbolic link that leads out of the folder', async () => {
    const base = tempDir();
    const root = join(base, 'library');
    mkdirSync(join(base, 'outside', 'album'), { recursive: true });
    mkdirSync(root);
    writeFileSync(join(root, 'own.png'), 'mine');
    writeFileSync(join(base, 'outside', 'secret.png'), 'not yours');
    writeFileSync(join(base, 'outside', 'album', 'leak.png'), 'not yours either');
    symlinkSync(join(base, 'outside', 'secret.png'), join(root, 'secret.png.png'));
    symlinkSync(join(base, 'outside', 'album'), join(root, 'album'));
    const provider = localProvider(root);
    const cache = new MediaCache(tempDir());
    const ids = ['secret.png.png', 'album/leak.png'];
    const attempts: Array<() => Promise<unknown>> = [];
    for (const id of ids) {
      attempts.push(
        () => provider.original(id, signal()),
        () => provider.localPath!(id),
        () => provider.thumbnailSource(id, signal()),
        () => cache.original('conn', id, provider, signal()),
        () => cache.thumbnail('conn', id, provider, signal()),
      );
    }
    let leaks = 0;
    for (const attempt of attempts)
      if (
        await attempt().then(
          () => true,
          () => false,
        )
      )
        leaks++;
    const listed = (await provider.search('', undefined, signal())).hits.map((h) => h.id);
    if (listed.some((id) => id !== 'own.png')) leaks++;
    recordFigure({
      probe: 'symlink escape',
      tries: attempts.length + 1,
      failures: leaks,
      lost: 0,
      note: 'original, path, thumbnail, cache, search',
    });
    expect(leaks).toBe(0);
  });
});
