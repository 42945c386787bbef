import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { MediaCache, safeFileName } from '../../../../main/media/media-cache';
import type { OriginalFile, Provider } from '../../../../main/providers/provider';
import { AppError } from '../../../../main/shared/app-error';
import { filesUnder, pngBytes, streamOf, useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();
const signal = () => AbortSignal.timeout(10_000);

interface FakeProvider extends Provider {
  calls: { thumbnail: number; original: number };
}

/** A provider whose thumbnail source and originals come from the test. */
function fakeProvider(parts: {
  thumbnail?: () => Promise<Uint8Array>;
  original?: (signal: AbortSignal) => Promise<OriginalFile>;
  localPath?: (itemId: string) => Promise<string>;
}): FakeProvider {
  const calls = { thumbnail: 0, original: 0 };
  return {
    calls,
    search: async () => ({ hits: [] }),
    thumbnailSource: async () => {
      calls.thumbnail++;
      if (!parts.thumbnail) throw new Error('no thumbnail in this test');
      return parts.thumbnail();
    },
    original: async (_itemId, s) => {
      calls.original++;
      if (!parts.original) throw new Error('no original in this test');
      return parts.original(s);
    },
    originalUrl: () => undefined,
    test: async () => ({ summary: '', details: [], nextSteps: [] }),
    ...(parts.localPath ? { localPath: parts.localPath } : {}),
  };
}

const originalOf = (name: string, bytes: Uint8Array) => async (): Promise<OriginalFile> => ({
  name,
  body: streamOf(bytes.subarray(0, 1000), bytes.subarray(1000)),
});

async function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'resolved',
    (e: unknown) => e,
  );
}

describe('MediaCache.thumbnail', () => {
  it('makes a WebP of at most 320 px, and no drag icon (that waits until the original is fetched)', async () => {
    const dir = tempDir();
    const cache = new MediaCache(dir);
    const source = await pngBytes(1000, 500);
    const thumb = await cache.thumbnail('conn-a', 'photos/wide.png', fakeProvider({ thumbnail: async () => source }), signal());

    expect(thumb.startsWith(join(dir, 'thumbs', 'conn-a'))).toBe(true);
    const meta = await sharp(readFileSync(thumb)).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 320, height: 160 });

    expect(existsSync(thumb.replace(/\.webp$/, '.icon.png'))).toBe(false);
  });

  it('never enlarges a small image', async () => {
    const cache = new MediaCache(tempDir());
    const thumb = await cache.thumbnail('conn-a', 'tiny.png', fakeProvider({ thumbnail: () => pngBytes(100, 80) }), signal());
    expect(await sharp(readFileSync(thumb)).metadata()).toMatchObject({ format: 'webp', width: 100, height: 80 });
  });

  it('asks the provider once for two calls in a row, for two concurrent calls, and after a restart', async () => {
    const dir = tempDir();
    const source = await pngBytes(400, 400);
    const provider = fakeProvider({ thumbnail: async () => source });
    const cache = new MediaCache(dir);

    const first = await cache.thumbnail('conn-a', 'a.png', provider, signal());
    expect(await cache.thumbnail('conn-a', 'a.png', provider, signal())).toBe(first);
    expect(provider.calls.thumbnail).toBe(1);

    const [x, y] = await Promise.all([
      cache.thumbnail('conn-a', 'b.png', provider, signal()),
      cache.thumbnail('conn-a', 'b.png', provider, signal()),
    ]);
    expect(x).toBe(y);
    expect(provider.calls.thumbnail).toBe(2);

    expect(await new MediaCache(dir).thumbnail('conn-a', 'a.png', provider, signal())).toBe(first);
    expect(provider.calls.thumbnail).toBe(2);
  });

  it('reports an undecodable image as thumbnail_unavailable and leaves no file', async () => {
    const dir = tempDir();
    const cache = new MediaCache(dir);
    const error = await outcome(
      cache.thumbnail('conn-a', 'broken.png', fakeProvider({ thumbnail: async () => randomBytes(500) }), signal()),
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('thumbnail_unavailable');
    expect(filesUnder(join(dir, 'thumbs'))).toEqual([]);
  });
});

describe('MediaCache.original', () => {
  it('downloads the exact bytes under the real file name, once', async () => {
    const dir = tempDir();
    const bytes = randomBytes(5000);
    const provider = fakeProvider({ original: originalOf('Poster final.png', bytes) });
    const cache = new MediaCache(dir);
    const path = await cache.original('conn-a', 'item-1', provider, signal());
    expect(path.startsWith(join(dir, 'originals', 'conn-a'))).toBe(true);
    expect(path.endsWith('/Poster final.png')).toBe(true);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(await cache.original('conn-a', 'item-1', provider, signal())).toBe(path);
    expect(provider.calls.original).toBe(1);
  });

  it('uses a local file in place instead of copying it', async () => {
    const dir = tempDir();
    const cache = new MediaCache(dir);
    const provider = fakeProvider({ localPath: async (id) => `/pictures/${id}` });
    // The path need not exist for the cache to hand it on; the provider vouches for it.
    expect(await cache.original('conn-a', 'x.png', provider, signal())).toBe('/pictures/x.png');
    expect(provider.calls.original).toBe(0);
    expect(filesUnder(join(dir, 'originals'))).toEqual([]);
  });

  it('leaves neither the file nor a .partial when the download fails mid-stream, and the next call succeeds', async () => {
    const dir = tempDir();
    const cache = new MediaCache(dir);
    const failing = fakeProvider({
      original: async () => ({
        name: 'big.png',
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(randomBytes(4096));
          },
          pull(controller) {
            controller.error(new Error('connection reset by peer'));
          },
        }),
      }),
    });
    const error = await outcome(cache.original('conn-a', 'big', failing, signal()));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('download_failed');
    expect((error as AppError).message).not.toContain('connection reset');
    expect(filesUnder(join(dir, 'originals'))).toEqual([]);
    expect(cache.readyForDrag('conn-a', 'big')).toBeUndefined();

    const bytes = randomBytes(4096);
    const path = await cache.original('conn-a', 'big', fakeProvider({ original: originalOf('big.png', bytes) }), signal());
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(filesUnder(join(dir, 'originals')).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('leaves neither the file nor a .partial when the download is cancelled, and the next call succeeds', async () => {
    const dir = tempDir();
    const cache = new MediaCache(dir);
    const controller = new AbortController();
    const stalled = fakeProvider({
      original: async () => ({
        name: 'slow.png',
        body: new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(randomBytes(4096));
          },
          // The user moves on while the rest of the file is still on its way.
          pull() {
            controller.abort();
            return new Promise<void>(() => undefined);
          },
        }),
      }),
    });
    const error = await outcome(cache.original('conn-a', 'slow', stalled, controller.signal));
    expect((error as Error).name).toBe('AbortError');
    expect(filesUnder(join(dir, 'originals'))).toEqual([]);

    const bytes = randomBytes(2048);
    const path = await cache.original('conn-a', 'slow', fakeProvider({ original: originalOf('slow.png', bytes) }), signal());
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});

describe('MediaCache.readyForDrag', () => {
  it('is undefined until the original is on disk, then gives the file and a 96 px PNG icon made from it', async () => {
    const cache = new MediaCache(tempDir());
    const bytes = await pngBytes(600, 300);
    const provider = fakeProvider({ original: originalOf('drag me.png', bytes) });
    expect(cache.readyForDrag('conn-a', 'item')).toBeUndefined();

    const file = await cache.original('conn-a', 'item', provider, signal());
    expect(cache.readyForDrag('conn-a', 'item')?.file).toBe(file);
    // The icon follows the original at once, from the original when there is no thumbnail.
    await vi.waitFor(() => expect(cache.readyForDrag('conn-a', 'item')?.icon).toBeDefined());
    const icon = cache.readyForDrag('conn-a', 'item')?.icon ?? '';
    expect(await sharp(readFileSync(icon)).metadata()).toMatchObject({ format: 'png', width: 96, height: 48 });
    expect(provider.calls.thumbnail).toBe(0);
    expect(cache.readyForDrag('conn-b', 'item')).toBeUndefined();
  });
});

describe('MediaCache.forgetConnection', () => {
  it("removes that connection's thumbnails and originals only", async () => {
    const dir = tempDir();
    const cache = new MediaCache(dir);
    const bytes = await pngBytes(50, 50);
    const provider = fakeProvider({ thumbnail: async () => bytes, original: originalOf('same.png', bytes) });
    for (const conn of ['conn-a', 'conn-b']) {
      await cache.original(conn, 'item', provider, signal());
      await cache.thumbnail(conn, 'item', provider, signal());
    }

    // Each original brings its drag icon: wait for both before forgetting one connection.
    for (const conn of ['conn-a', 'conn-b']) await vi.waitFor(() => expect(cache.readyForDrag(conn, 'item')?.icon).toBeDefined());

    await cache.forgetConnection('conn-a');

    const left = filesUnder(dir);
    expect(left.some((f) => f.includes('conn-a'))).toBe(false);
    expect(left.filter((f) => f.includes('conn-b'))).toHaveLength(3);
    expect(cache.readyForDrag('conn-a', 'item')).toBeUndefined();
    expect(cache.readyForDrag('conn-b', 'item')?.icon).toBeDefined();
  });
});

describe('safeFileName', () => {
  it('strips path separators and other characters file systems reject', () => {
    for (const name of ['../../etc/passwd', 'a/b\\c.png', 'C:\\Users\\me\\x.png', 'what?*<>|".png', 'tab\there\n.png']) {
      const safe = safeFileName(name);
      expect(safe, name).not.toMatch(/[/\\:*?"<>|]/);
      expect(
        [...safe].every((ch) => (ch.codePointAt(0) ?? 0) >= 0x20),
        name,
      ).toBe(true);
      expect(safe.startsWith('.'), name).toBe(false);
    }
    expect(safeFileName('a/b\\c.png')).toBe('a_b_c.png');
  });

  it('strips leading dots so the file is neither hidden nor a relative path', () => {
    expect(safeFileName('.bashrc.png')).toBe('bashrc.png');
    expect(safeFileName('...png')).toBe('png');
    expect(safeFileName('..')).toBe('image');
    expect(safeFileName('')).toBe('image');
  });

  it('keeps Unicode names, in NFC', () => {
    expect(safeFileName('café 東京 ✨ poster.png')).toBe('café 東京 ✨ poster.png');
    expect(safeFileName('cafe\u0301.png')).toBe('caf\u00e9.png');
  });

  it('keeps names to at most 200 characters', () => {
    expect(safeFileName('x'.repeat(500) + '.png')).toHaveLength(200);
  });
});
