import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LruIndex } from '../../../../main/media/lru-index';
import { imageDimensions, MediaCache, pinMs, type DownloadUpdate } from '../../../../main/media/media-cache';
import { mediaPath } from '../../../../main/media/media-route';
import type { OriginalFile, Provider } from '../../../../main/providers/provider';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'skyhook-lru-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const signal = () => AbortSignal.timeout(10_000);
const kb = 1024;

/** Files of a given size per item; `originals` counts downloads. */
function provider(options: { size?: number; local?: string; body?: (name: string) => ReadableStream<Uint8Array> } = {}) {
  const counts = { originals: 0 };
  const p: Provider = {
    search: async () => ({ hits: [] }),
    thumbnailSource: async () =>
      sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#3b5bdb' } })
        .png()
        .toBuffer(),
    original: async (itemId): Promise<OriginalFile> => {
      counts.originals++;
      const name = `${itemId}.png`;
      if (options.body) return { name, body: options.body(name) };
      const bytes = randomBytes(options.size ?? 10 * kb);
      return { name, body: new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) }) };
    },
    originalUrl: () => undefined,
    test: async () => ({ summary: '', details: [], nextSteps: [] }),
    ...(options.local ? { localPath: async (itemId: string) => join(options.local ?? '', itemId) } : {}),
  };
  return { provider: p, counts };
}

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, tick: (ms = 1000) => (now += ms) };
}

const filesUnder = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
    : [];

describe('LruIndex', () => {
  it('picks the least recently used groups until the total fits, never one it must keep', () => {
    const index = new LruIndex();
    index.add('a', 'a', 10, 1);
    index.add('b', 'b', 10, 2);
    index.add('c', 'c', 10, 3);
    index.touch('a', 4);
    expect(index.totalBytes).toBe(30);
    expect(index.victims(15)).toEqual(['b', 'c']);
    expect(index.victims(15, new Set(['b']))).toEqual(['c', 'a']);
    expect(index.victims(30)).toEqual([]);
  });

  it('counts a group as the sum of its files and forgets them together', () => {
    const index = new LruIndex();
    index.add('t.webp', 't.webp', 100, 1);
    index.add('t.webp', 't.icon.png', 20, 1);
    index.add('t.webp', 't.webp', 90, 2);
    expect(index.totalBytes).toBe(110);
    expect(index.fileCount).toBe(2);
    expect(index.remove('t.webp').sort()).toEqual(['t.icon.png', 't.webp']);
    expect(index.totalBytes).toBe(0);
  });
});

describe('MediaCache size cap', () => {
  it('evicts the least recently used originals once the cap is passed, and a drag of an evicted one waits for a new download', async () => {
    const dir = tempDir();
    const time = clock();
    const cache = new MediaCache(dir, { limitBytes: 35 * kb, now: time.now });
    const { provider: p, counts } = provider({ size: 10 * kb });
    const paths: Record<string, string> = {};
    for (const id of ['a', 'b', 'c']) {
      paths[id] = await cache.original('conn', id, p, signal());
      time.tick();
    }
    // Using "a" again makes "b" the oldest.
    expect(cache.readyForDrag('conn', 'a')?.file).toBe(paths.a);
    // Past the pin every download and drag gets, plain LRU order decides.
    time.tick(pinMs);
    paths.d = await cache.original('conn', 'd', p, signal());

    expect(existsSync(paths.b ?? '')).toBe(false);
    expect(cache.readyForDrag('conn', 'b')).toBeUndefined();
    for (const id of ['a', 'c', 'd']) expect(existsSync(paths[id] ?? '')).toBe(true);
    const usage = await cache.usage();
    expect(usage.usedBytes).toBeLessThanOrEqual(35 * kb);
    expect(usage.files).toBe(3);
    // Evicted originals leave no empty folders behind.
    expect(readdirSync(join(dir, 'originals', 'conn'))).toHaveLength(3);

    await cache.original('conn', 'b', p, signal());
    expect(counts.originals).toBe(5);
  });

  it('evicts at once when the cap is lowered', async () => {
    const time = clock();
    const cache = new MediaCache(tempDir(), { now: time.now });
    const { provider: p } = provider({ size: 20 * kb });
    for (const id of ['a', 'b', 'c', 'd']) {
      await cache.original('conn', id, p, signal());
      time.tick();
    }
    expect((await cache.usage()).usedBytes).toBe(80 * kb);
    time.tick(pinMs);
    const after = await cache.setLimit(50 * kb);
    expect(after.usedBytes).toBeLessThanOrEqual(45 * kb);
    expect(after.limitBytes).toBe(50 * kb);
    expect(cache.readyForDrag('conn', 'a')).toBeUndefined();
    expect(cache.readyForDrag('conn', 'd')).toBeDefined();
  });

  it('never counts or deletes the files of a local folder, even when asked to clear', async () => {
    const folder = tempDir();
    writeFileSync(join(folder, 'keep.png'), randomBytes(50 * kb));
    const cache = new MediaCache(tempDir(), { limitBytes: 1 * kb });
    const { provider: p } = provider({ local: folder });
    expect(await cache.original('conn', 'keep.png', p, signal())).toBe(join(folder, 'keep.png'));
    expect((await cache.usage()).usedBytes).toBe(0);
    await cache.clear();
    expect(existsSync(join(folder, 'keep.png'))).toBe(true);
  });

  it('clear deletes thumbnails, previews and downloads, and the next use fetches again', async () => {
    const dir = tempDir();
    const cache = new MediaCache(dir);
    const { provider: p, counts } = provider();
    await cache.thumbnail('conn', 'x', p, signal());
    await cache.preview('conn', 'x', p, signal());
    await cache.original('conn', 'x', p, signal());
    // Thumbnail, preview, original, and the drag icon the original brings.
    await vi.waitFor(async () => expect((await cache.usage()).files).toBe(4));

    expect(await cache.clear()).toMatchObject({ usedBytes: 0, files: 0 });
    expect(filesUnder(dir)).toEqual([]);
    expect(cache.readyForDrag('conn', 'x')).toBeUndefined();
    await cache.original('conn', 'x', p, signal());
    expect(counts.originals).toBe(2);
  });

  it('finds what an earlier run cached, and deletes the partial files a crash left', async () => {
    const dir = tempDir();
    const first = new MediaCache(dir);
    const { provider: p } = provider({ size: 12 * kb });
    const thumb = await first.thumbnail('conn', 'x', p, signal());
    await first.original('conn', 'x', p, signal());
    // The original brings a drag icon, made from the thumbnail.
    await vi.waitFor(() => expect(first.readyForDrag('conn', 'x')?.icon).toBeDefined());
    const stray = join(dir, 'originals', 'conn', '.abc123.partial');
    mkdirSync(join(dir, 'originals', 'conn'), { recursive: true });
    writeFileSync(stray, randomBytes(100));

    const second = new MediaCache(dir);
    const usage = await second.usage();
    expect(usage.files).toBe(3);
    expect(usage.usedBytes).toBeGreaterThan(12 * kb);
    expect(existsSync(stray)).toBe(false);
    expect(existsSync(thumb)).toBe(true);
  });

  it('keeps a thumbnail and its drag icon together', async () => {
    const cache = new MediaCache(tempDir());
    const { provider: p } = provider();
    // A drag icon is made once the original is fetched (a prefetch), from the thumbnail.
    const thumb = await cache.thumbnail('conn', 'old', p, signal());
    await cache.original('conn', 'old', p, signal());
    const icon = thumb.replace('.webp', '.icon.png');
    await vi.waitFor(() => expect(existsSync(icon)).toBe(true));
    // Over the cap, the thumbnail goes and its icon with it; the pinned original stays.
    await cache.setLimit(1);
    expect(existsSync(thumb) || existsSync(icon)).toBe(false);
    expect(cache.readyForDrag('conn', 'old')?.file).toBeDefined();
  });

  it('forgetting a connection removes its share of the total', async () => {
    const cache = new MediaCache(tempDir());
    const { provider: p } = provider({ size: 8 * kb });
    await cache.original('gone', 'x', p, signal());
    await cache.original('kept', 'y', p, signal());
    await cache.forgetConnection('gone');
    expect(await cache.usage()).toMatchObject({ usedBytes: 8 * kb, files: 1 });
  });
});

describe('MediaCache progress and previews', () => {
  it('reports the bytes received while an original downloads, then ready', async () => {
    const updates: DownloadUpdate[] = [];
    // A clock that moves 1 s per read, so every chunk is past the throttle.
    let clock = 0;
    const cache = new MediaCache(tempDir(), { onDownload: (u) => updates.push(u), now: () => (clock += 1000) });
    let push: ((bytes: Uint8Array | null) => void) | undefined;
    const { provider: p } = provider({
      body: () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            push = (bytes) => (bytes ? controller.enqueue(bytes) : controller.close());
          },
        }),
    });
    const done = cache.original('conn', 'big', p, signal());
    await vi.waitFor(() => expect(push).toBeDefined());
    push?.(randomBytes(3000));
    await vi.waitFor(() => expect(updates.at(-1)).toEqual({ connectionId: 'conn', itemId: 'big', receivedBytes: 3000, ready: false }));
    push?.(randomBytes(2000));
    push?.(null);
    await done;
    expect(updates.at(-1)).toEqual({ connectionId: 'conn', itemId: 'big', receivedBytes: 5000, ready: true });
  });

  it('makes a preview larger than the thumbnail but at most 1280 px, and reads the original size', async () => {
    const cache = new MediaCache(tempDir());
    const { provider: p } = provider();
    const preview = await cache.preview('conn', 'wide', p, signal());
    expect(await sharp(preview).metadata()).toMatchObject({ format: 'webp', width: 1280, height: 640 });
    expect(await imageDimensions(preview)).toEqual({ width: 1280, height: 640 });
    expect(await imageDimensions('/no/such/file.png')).toEqual({});
  });

  it('names each rendition with the item id encoded as one path segment', () => {
    const id = '0b7f3a52-8c1e-4c1e-9f43-2a2c5d7e9b10';
    expect(mediaPath('thumb', id, 'a/b.png')).toBe(`thumb/${id}/a%2Fb.png`);
    expect(mediaPath('preview', id, 'thumb/x.png')).toBe(`preview/${id}/thumb%2Fx.png`);
  });
});
