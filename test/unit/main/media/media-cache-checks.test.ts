import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxDownloadAttempts, MediaCache, pinMs } from '../../../../main/media/media-cache';
import { quickXorHash } from '../../../../main/media/quick-xor-hash';
import type { ExpectedContent, OriginalFile, Provider } from '../../../../main/providers/provider';
import { AppError } from '../../../../main/shared/app-error';
import { filesUnder, pngBytes, streamOf, useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();
const signal = () => AbortSignal.timeout(10_000);
const kb = 1024;

/** Each call to original() takes the next body from `bodies` (the last one repeats). */
function provider(bodies: Array<() => Uint8Array>, expected: (full: Uint8Array) => ExpectedContent, full: Uint8Array) {
  const calls = { original: 0, thumbnail: 0 };
  const p: Provider = {
    search: async () => ({ hits: [] }),
    thumbnailSource: async () => {
      calls.thumbnail++;
      return pngBytes(64, 64);
    },
    original: async (): Promise<OriginalFile> => {
      const body = (bodies[Math.min(calls.original, bodies.length - 1)] ?? (() => full))();
      calls.original++;
      return { name: 'photo.png', body: streamOf(body), expected: expected(full) };
    },
    originalUrl: () => undefined,
    test: async () => ({ summary: '', details: [], nextSteps: [] }),
  };
  return { provider: p, calls };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const full = randomBytes(20 * kb);
const half = () => full.subarray(0, 10 * kb);
const flipped = () => {
  const copy = Buffer.from(full);
  copy[100] = (copy[100] ?? 0) ^ 0xff;
  return copy;
};

describe('MediaCache download checks', () => {
  it.each([
    ['size', (b: Uint8Array): ExpectedContent => ({ size: b.byteLength }), half],
    ["Box's SHA-1", (b: Uint8Array): ExpectedContent => ({ sha1: createHash('sha1').update(b).digest('hex') }), half],
    ["Graph's quickXorHash", (b: Uint8Array): ExpectedContent => ({ quickXorHash: quickXorHash(b) }), flipped],
  ])('throws away a body that fails the %s check and keeps the good one fetched next', async (_label, expected, bad) => {
    const dir = tempDir();
    const rejected: string[] = [];
    const cache = new MediaCache(dir, { onRejected: (_c, _i, reason) => rejected.push(reason) });
    const { provider: p, calls } = provider([bad, () => full], expected, full);
    const path = await cache.original('conn', 'x', p, signal());
    expect(readFileSync(path).equals(full)).toBe(true);
    expect(calls.original).toBe(2);
    expect(rejected).toHaveLength(1);
  });

  it('gives up after a bounded number of bad bodies, keeps nothing and never offers it for a drag', async () => {
    const dir = tempDir();
    const cache = new MediaCache(dir);
    const { provider: p, calls } = provider([half], (b) => ({ size: b.byteLength }), full);
    const error = await failure(cache.original('conn', 'x', p, signal()));
    expect(error.code).toBe('download_incomplete');
    expect(error.message).toBe(`photo.png arrived incomplete ${maxDownloadAttempts} times, so Skyhook did not keep it.`);
    expect(calls.original).toBe(maxDownloadAttempts);
    expect(filesUnder(join(dir, 'originals'))).toEqual([]);
    expect(cache.readyForDrag('conn', 'x')).toBeUndefined();
    expect((await cache.usage()).usedBytes).toBe(0);
  });

  it('checks nothing it was not told: a provider without expectations still downloads', async () => {
    const cache = new MediaCache(tempDir());
    const { provider: p } = provider([() => full], () => ({}), full);
    expect(readFileSync(await cache.original('conn', 'x', p, signal())).equals(full)).toBe(true);
  });
});

describe('MediaCache pins and the cap', () => {
  function sized(size: number) {
    const p: Provider = {
      search: async () => ({ hits: [] }),
      thumbnailSource: async () => pngBytes(8, 8),
      original: async (itemId) => {
        const bytes = randomBytes(size);
        return { name: `${itemId}.bin`, body: streamOf(bytes.subarray(0, size / 2), bytes.subarray(size / 2)), expected: { size } };
      },
      originalUrl: () => undefined,
      test: async () => ({ summary: '', details: [], nextSteps: [] }),
    };
    return p;
  }

  it('keeps a dragged original on disk however many downloads follow, until the pin runs out', async () => {
    let now = 1_000_000;
    const cache = new MediaCache(tempDir(), { limitBytes: 50 * kb, now: () => now });
    const p = sized(10 * kb);
    const dragged = await cache.original('conn', 'dragged', p, signal());
    expect(cache.readyForDrag('conn', 'dragged')?.file).toBe(dragged);
    for (let i = 0; i < 11; i++) {
      now += 1000;
      await cache.original('conn', `more-${i}`, p, signal());
    }
    expect(cache.readyForDrag('conn', 'dragged')?.file).toBe(dragged);
    expect(cache.isPinned(dragged)).toBe(true);

    now += pinMs + 1;
    for (let i = 0; i < 5; i++) await cache.original('conn', `later-${i}`, p, signal());
    expect(cache.readyForDrag('conn', 'dragged')).toBeUndefined();
  });

  it('stays under the cap when a burst of downloads runs at once', async () => {
    const dir = tempDir();
    const limit = 100 * kb;
    let peak = 0;
    const sample = () => {
      const used = filesUnder(join(dir, 'originals')).reduce((sum, f) => sum + readFileSync(join(dir, 'originals', f)).byteLength, 0);
      peak = Math.max(peak, used);
    };
    let now = 1_000_000;
    const cache = new MediaCache(dir, { limitBytes: limit, now: () => (now += pinMs + 1), onDownload: sample });
    const p = sized(16 * kb);
    await Promise.all(Array.from({ length: 24 }, (_, i) => cache.original('conn', `burst-${i}`, p, signal())));
    sample();
    expect(peak).toBeLessThanOrEqual(limit);
    expect((await cache.usage()).usedBytes).toBeLessThanOrEqual(limit);
  });
});

describe('MediaCache thumbnails', () => {
  it('decodes a local file from its path and never asks for its bytes', async () => {
    const folder = tempDir();
    writeFileSync(join(folder, 'a.png'), await pngBytes(600, 300));
    let asked = 0;
    const p: Provider = {
      search: async () => ({ hits: [] }),
      thumbnailSource: async () => {
        asked++;
        return new Uint8Array();
      },
      original: async () => {
        throw new Error('not used');
      },
      localPath: async (id) => join(folder, id),
      originalUrl: () => undefined,
      test: async () => ({ summary: '', details: [], nextSteps: [] }),
    };
    const thumb = await new MediaCache(tempDir()).thumbnail('conn', 'a.png', p, signal());
    expect(readFileSync(thumb).byteLength).toBeGreaterThan(0);
    expect(asked).toBe(0);
  });

  /** A provider counting how many thumbnail sources are being read at once. */
  const countingProvider = async (local: boolean) => {
    const counter = { running: 0, peak: 0 };
    const source = await pngBytes(200, 200);
    const p: Provider = {
      search: async () => ({ hits: [] }),
      thumbnailSource: async () => {
        counter.running++;
        counter.peak = Math.max(counter.peak, counter.running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        counter.running--;
        return source;
      },
      original: async () => {
        throw new Error('not used');
      },
      originalUrl: () => undefined,
      test: async () => ({ summary: '', details: [], nextSteps: [] }),
      // A local file whose thumbnail comes from inside it (a PSD's composite): read as it is decoded.
      ...(local ? { localPath: async (itemId: string) => itemId, thumbnailFromSource: () => true } : {}),
    };
    return { p, counter };
  };

  it('reads and decodes local images at most two at a time however many tiles ask at once', async () => {
    const { p, counter } = await countingProvider(true);
    const cache = new MediaCache(tempDir());
    await Promise.all(Array.from({ length: 12 }, (_, i) => cache.thumbnail('conn', `t-${i}`, p, signal())));
    expect(counter.peak).toBe(2);
  });

  it('fetches a screenful of cloud thumbnails in parallel (one round trip), decoding them two at a time', async () => {
    const { p, counter } = await countingProvider(false);
    const cache = new MediaCache(tempDir());
    const thumbs = await Promise.all(Array.from({ length: 12 }, (_, i) => cache.thumbnail('conn', `t-${i}`, p, signal())));
    expect(counter.peak).toBe(12);
    expect(new Set(thumbs).size).toBe(12);
  });
});
