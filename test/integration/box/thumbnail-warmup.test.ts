import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Composition } from '../../../main/app/compose';
import { defaultEndpoints } from '../../../main/http/endpoints';
import { warmThumbnailCount } from '../../../main/media/thumbnail-warmup';
import type { LoggedRequest } from '../../fakes/box';
import { setLink } from '../../fakes/link';
import { composeOnDisk } from '../../harness/composition-on-disk';
import { pngBytes, useTempDirs } from '../../harness/unit';
import { ccgApp, seedWorld, startHarness, type Harness } from './harness';

const tempDir = useTempDirs('file');
let h: Harness;
let app: Composition;
let connectionId: string;

/** The Box file a thumbnail request is for: the thumbnail endpoint or a representation's content. */
function thumbnailFileOf(entry: LoggedRequest): string | undefined {
  return (
    /^\/2\.0\/files\/(\d+)\/thumbnail\.jpg$/.exec(entry.path)?.[1] ??
    /^\/api\/2\.0\/internal_files\/(\d+)\/.*\/representations\//.exec(entry.path)?.[1]
  );
}

/**
 * Resolves with the files of the first `count` thumbnail requests that, from now on, reach
 * the fake (`request`) or are given up by their client (`request-aborted`).
 */
function thumbnailEvents(event: 'request' | 'request-aborted', count: number): Promise<string[]> {
  return new Promise((resolve) => {
    const files: string[] = [];
    const seen = (entry: LoggedRequest) => {
      const file = thumbnailFileOf(entry);
      if (file) files.push(file);
      if (files.length < count) return;
      h.box.state.events.off(event, seen);
      resolve(files);
    };
    h.box.state.events.on(event, seen);
  });
}

const search = (text: string) => app.handlers['search.connection']({ connectionId, text }, AbortSignal.timeout(20_000));

beforeAll(async () => {
  h = await startHarness();
  const ccg = ccgApp(h.box);
  const world = seedWorld(h.box, ccg.serviceAccountId, 40);
  // Box's thumbnails are real images (media decodes them).
  const thumbnail = await pngBytes(40, 30);
  for (const file of world.visible) file.thumbnail = thumbnail;
  app = composeOnDisk(tempDir(), {
    fetch: globalThis.fetch,
    endpoints: { ...defaultEndpoints, boxApi: h.box.apiUrl, boxAccount: h.box.accountUrl, boxApp: h.box.appUrl },
  });
  await app.ready;
  const saved = await app.handlers['connections.save'](
    {
      kind: 'box-ccg',
      name: 'Brand Box',
      config: { clientId: ccg.clientId, subjectType: 'enterprise', subjectId: h.box.state.enterpriseId },
      secrets: { clientSecret: ccg.clientSecret },
    },
    AbortSignal.timeout(20_000),
  );
  connectionId = saved.id;
  // Every search asks Box here; the thumbnails of indexed hits are the ccg tests' concern.
  await app.handlers['index.setEnabled']({ id: connectionId, enabled: false }, AbortSignal.timeout(20_000));
});

afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('thumbnails of a search, started by main', () => {
  it('fetches the thumbnails of the first results as soon as the search answers, before any tile asks', async () => {
    const requested = thumbnailEvents('request', warmThumbnailCount);
    const found = await search('file');
    expect(found.hits.length).toBeGreaterThan(warmThumbnailCount);
    const files = await requested;
    expect(new Set(files)).toEqual(new Set(found.hits.slice(0, warmThumbnailCount).map((hit) => hit.itemId)));

    // The tiles asking now join the fetches under way (or find them done): no second request.
    const warmed = found.hits.slice(0, warmThumbnailCount).map((hit) => hit.itemId);
    const provider = app.registry.provider(connectionId);
    await Promise.all(warmed.map((itemId) => app.media.thumbnail(connectionId, itemId, provider, AbortSignal.timeout(20_000))));
    for (const itemId of warmed) expect(h.box.state.requests.filter((r) => thumbnailFileOf(r) === itemId)).toHaveLength(1);
  });

  it("stops a superseded search's thumbnail fetches that no tile asked for, and finishes the one a tile did", async () => {
    // None of them on disk from the test before.
    await app.media.clear();
    // Long enough a round trip that the first search's thumbnails are still on the way.
    setLink(h.box.state, { roundTripMs: 1500, bitsPerSecond: Number.POSITIVE_INFINITY });
    try {
      const requested = thumbnailEvents('request', 10);
      const found = await search('file-01');
      // file-010 … file-019: all of them warmed.
      expect(found.hits).toHaveLength(10);
      expect(new Set(await requested)).toEqual(new Set(found.hits.map((hit) => hit.itemId)));
      const [asked, ...others] = found.hits;
      const tile = app.media.thumbnail(connectionId, asked!.itemId, app.registry.provider(connectionId), AbortSignal.timeout(20_000));

      const aborted = thumbnailEvents('request-aborted', others.length);
      await search('file-02');
      expect(new Set(await aborted)).toEqual(new Set(others.map((hit) => hit.itemId)));
      await expect(tile).resolves.toMatch(/\.webp$/);
      expect(h.box.state.requests.filter((r) => thumbnailFileOf(r) === asked!.itemId && r.aborted)).toEqual([]);
    } finally {
      setLink(h.box.state, undefined);
    }
  });
});
