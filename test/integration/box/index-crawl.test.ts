import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WaitRequestedError } from '../../../main/index/index-source';
import type { FakeApp, FakeUser } from '../../fakes/box';
import { crawlAll } from '../index-crawl-helper';
import { bytesFor, never, type Harness } from './harness';
import { startIndexWorld, type IndexWorld } from './index-harness';

let h: Harness;
let app: FakeApp;
let designer: FakeUser;
let source: IndexWorld['source'];

beforeEach(async () => {
  ({ h, app, designer, source } = await startIndexWorld());
});
afterEach(() => h.close());

const crawl = crawlAll;
const listings = () => h.box.state.requests.filter((r) => r.host === 'api' && /^\/2\.0\/folders\/\d+\/items$/.test(r.path));

describe('Box index source: crawl', () => {
  it('lists 100 000 images with at most 1.1 requests per 1000 items, only the fields it needs', async () => {
    const library = h.box.state.addFolder({ name: 'Library', ownerId: designer.id, sharedWith: [app.serviceAccountId] });
    h.box.state.addSyntheticTree({ ownerId: designer.id, parentId: library.id, folders: 100, filesPerFolder: 1000 });
    const src = source();
    const before = h.box.state.requests.length;
    await src.startCursor(never());
    const { items, pages } = await crawl(src);

    expect(items).toHaveLength(100_000);
    expect(new Set(items.map((i) => i.id)).size).toBe(100_000);
    const apiRequests = h.box.state.requests.slice(before).filter((r) => r.host === 'api' && r.path.startsWith('/2.0/'));
    expect(apiRequests.length).toBeLessThanOrEqual(1.1 * (100_000 / 1000));
    for (const request of listings()) {
      expect(request.query).toMatchObject({ usemarker: 'true', limit: '1000', fields: 'name,size,modified_at' });
    }
    expect(items[0]).toMatchObject({ path: expect.stringMatching(/^Library \/ Shoot \d{4}$/), size: 4 });
    expect(pages.at(-1)!.checkpoint).toBeUndefined();
    expect(pages.slice(0, -1).every((page) => page.checkpoint !== undefined)).toBe(true);
  });

  it('follows next_marker through a folder larger than one page, keeping only images, with paths below the root', async () => {
    const brand = h.box.state.addFolder({ name: 'Brand', ownerId: designer.id, sharedWith: [app.serviceAccountId] });
    const y2024 = h.box.state.addFolder({ name: '2024', ownerId: designer.id, parentId: brand.id });
    for (let i = 0; i < 2500; i++)
      h.box.state.addFile({ name: `ocean-${i}.png`, bytes: bytesFor('o'), ownerId: designer.id, parentId: y2024.id });
    h.box.state.addFile({ name: 'notes.txt', bytes: bytesFor('n'), ownerId: designer.id, parentId: y2024.id });
    h.box.state.addFile({ name: 'top.jpg', bytes: bytesFor('t'), ownerId: designer.id, sharedWith: [app.serviceAccountId] });

    const { items } = await crawl(source());
    expect(items).toHaveLength(2501);
    expect(items.find((i) => i.name === 'ocean-7.png')).toMatchObject({ parentId: y2024.id, path: 'Brand / 2024' });
    expect(items.find((i) => i.name === 'top.jpg')).toMatchObject({ path: 'All Files' });
    expect(items.some((i) => i.name === 'notes.txt')).toBe(false);
    const markers = listings().filter((r) => r.path === `/2.0/folders/${y2024.id}/items`);
    expect(markers.map((r) => r.query.marker !== undefined)).toEqual([false, true, true]);
  });

  it('crawls from the Parent folder only, paths as Box shows them', async () => {
    const brand = h.box.state.addFolder({ name: 'Brand', ownerId: designer.id, sharedWith: [app.serviceAccountId] });
    const inside = h.box.state.addFolder({ name: 'Logos', ownerId: designer.id, parentId: brand.id });
    h.box.state.addFile({ name: 'logo.svg', bytes: bytesFor('l'), ownerId: designer.id, parentId: inside.id });
    h.box.state.addFile({ name: 'outside.png', bytes: bytesFor('x'), ownerId: designer.id, sharedWith: [app.serviceAccountId] });

    const { items } = await crawl(source(inside.id));
    expect(items.map((i) => [i.name, i.path])).toEqual([['logo.svg', 'Brand / Logos']]);
  });

  it('resumes from the last checkpoint after an abort: no page is fetched twice beyond the ones in flight', async () => {
    const library = h.box.state.addFolder({ name: 'Library', ownerId: designer.id, sharedWith: [app.serviceAccountId] });
    h.box.state.addSyntheticTree({ ownerId: designer.id, parentId: library.id, folders: 30, filesPerFolder: 1500 });
    const first = await crawl(source(), undefined, 12);
    expect(first.aborted).toBe(true);
    const checkpoint = first.pages.at(-1)!.checkpoint!;
    const fetchedBefore = listings().length;

    const second = await crawl(source(), checkpoint);
    const all = [...first.items, ...second.items];
    expect(new Set(all.map((i) => i.id)).size).toBe(45_000);
    const keys = listings().map((r) => `${r.path}?${r.query.marker ?? ''}`);
    const repeated = keys.length - new Set(keys).size;
    // At most the pages that were in flight (4 folders at a time) when the crawl stopped.
    expect(repeated).toBeLessThanOrEqual(4);
    expect(listings().length - fetchedBefore).toBeGreaterThan(0);
  });

  it('skips a folder it may not open (403) and counts it, keeping the rest', async () => {
    const brand = h.box.state.addFolder({ name: 'Brand', ownerId: designer.id, sharedWith: [app.serviceAccountId] });
    const locked = h.box.state.addFolder({ name: 'Legal', ownerId: designer.id, parentId: brand.id });
    h.box.state.addFile({ name: 'secret.png', bytes: bytesFor('s'), ownerId: designer.id, parentId: locked.id });
    h.box.state.addFile({ name: 'open.png', bytes: bytesFor('o'), ownerId: designer.id, parentId: brand.id });
    h.box.state.denyFolder(locked.id, app.serviceAccountId);

    const { items, pages } = await crawl(source());
    expect(items.map((i) => i.name)).toEqual(['open.png']);
    expect(pages.reduce((sum, page) => sum + (page.skipped ?? 0), 0)).toBe(1);
  });

  it('waits out a short 429 Retry-After and reports a long one as WaitRequestedError', async () => {
    const brand = h.box.state.addFolder({ name: 'Brand', ownerId: designer.id, sharedWith: [app.serviceAccountId] });
    h.box.state.addFile({ name: 'a.png', bytes: bytesFor('a'), ownerId: designer.id, parentId: brand.id });
    h.box.state.failNext('/2.0/folders/', 429, 1, 1);
    const { items } = await crawl(source());
    expect(items.map((i) => i.name)).toEqual(['a.png']);
    expect(h.box.state.requests.filter((r) => r.path === `/2.0/folders/0/items`)).toHaveLength(2);

    h.box.state.failNext('/2.0/folders/', 429, 1, 600);
    const started = Date.now();
    const error = await crawl(source()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitRequestedError);
    expect((error as WaitRequestedError).until.getTime()).toBeGreaterThanOrEqual(started + 600_000);
  });

  it('renews a token Box rejects (401) and carries on', async () => {
    const brand = h.box.state.addFolder({ name: 'Brand', ownerId: designer.id, sharedWith: [app.serviceAccountId] });
    h.box.state.addFile({ name: 'a.png', bytes: bytesFor('a'), ownerId: designer.id, parentId: brand.id });
    const src = source();
    await src.startCursor(never());
    const tokensBefore = h.box.state.counters.tokenRequests.client_credentials ?? 0;
    h.box.state.expireAccessTokens();
    const { items } = await crawl(src);
    expect(items.map((i) => i.name)).toEqual(['a.png']);
    expect(h.box.state.counters.tokenRequests.client_credentials).toBe(tokensBefore + 1);
  });
});
