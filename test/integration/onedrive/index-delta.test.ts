import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CursorExpiredError, WaitRequestedError, type IndexChange, type IndexSource } from '../../../main/index/index-source';
import type { Provider } from '../../../main/providers/provider';
import { isImageName } from '../../../preload/image-types';
import { crawlAll } from '../index-crawl-helper';
import { never, signedInProvider, TestVault } from './harness';
import { password, startScenario, type Scenario } from './scenario';

let sc: Scenario;
let vault: TestVault;

beforeEach(async () => {
  // Small pages, so even this drive takes several.
  sc = await startScenario({ maxPageSize: 3 });
  vault = new TestVault();
});
afterEach(async () => {
  await sc.fake.close();
  vault.remove();
});

async function provider(parentFolderId?: string): Promise<Provider> {
  return signedInProvider({
    fake: sc.fake,
    vault,
    config: sc.publicConfig(parentFolderId ? { parentFolderId } : {}),
    username: sc.ada.username,
    password,
  });
}

const crawl = crawlAll;

/** Follows from `cursor` (poking at once) until `ready`; returns the changes and the last cursor. */
async function followUntil(
  src: IndexSource,
  cursor: string,
  ready: (changes: IndexChange[]) => boolean,
): Promise<{ changes: IndexChange[]; cursor: string }> {
  const controller = new AbortController();
  const changes: IndexChange[] = [];
  let last = cursor;
  const done = src
    .follow(
      cursor,
      async (batch, next) => {
        changes.push(...batch);
        last = next;
        if (ready(changes)) controller.abort();
      },
      controller.signal,
    )
    .catch((error: unknown) => {
      if (!controller.signal.aborted) throw error;
    });
  src.poke?.();
  await done;
  return { changes, cursor: last };
}

/** What the product counts as an image decides what is indexed (preload/image-types.ts). */
const indexable = (names: string[]) => names.filter(isImageName).sort();
const inPictures = ["ada's sunset.gif", 'quarterly-report.png', 'Sunset-Beach.jpg', 'sunset city.png', 'sunset-notes.docx'];
const inDrive = [...inPictures, 'sunset-outside.png'];

const deltaRequests = () => sc.fake.state.log.graph.filter((r) => r.path.includes('/delta'));
const describeChange = (c: IndexChange) =>
  c.type === 'upsert' ? `upsert ${c.item.name} @ ${c.item.path}` : c.type === 'remove' ? `remove ${c.id}` : `remove-folder ${c.folderId}`;

describe('OneDrive index source: Graph delta', () => {
  it('crawls the drive through nextLink pages: images only, paths as search shows them, and returns the deltaLink', async () => {
    const src = (await provider()).indexSource!();
    expect(await src.startCursor(never)).toBeUndefined();
    const { items, pages, cursor } = await crawl(src);

    expect(items.map((i) => i.name).sort()).toEqual(indexable(inDrive));
    expect(items.every((i) => i.name !== 'sunset folder')).toBe(true);
    const pathOf = (name: string) => items.find((i) => i.name === name)?.path;
    expect([pathOf("ada's sunset.gif"), pathOf('sunset city.png'), pathOf('sunset-outside.png')]).toEqual([
      'Pictures',
      'Pictures/Moodboard',
      'OneDrive',
    ]);
    expect(items.find((i) => i.name === 'Sunset-Beach.jpg')).toMatchObject({
      id: sc.items.sunsetBeach.id,
      parentId: sc.items.pictures.id,
      size: 27,
      version: expect.any(String),
    });
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.slice(0, -1).every((p) => p.checkpoint?.includes('/delta?'))).toBe(true);
    expect(pages.at(-1)!.checkpoint).toBeUndefined();
    expect(cursor).toMatch(/\/delta\?.*token=/);
    const first = new URL(deltaRequests()[0]!.path, 'http://x');
    expect(first.pathname).toBe('/v1.0/me/drive/root/delta');
    expect(first.searchParams.get('$select')).toBe('id,name,size,lastModifiedDateTime,eTag,parentReference,file,folder,deleted,root');
  });

  it('resumes a crawl from its checkpoint (the nextLink) without fetching a finished page again', async () => {
    const first = await crawl((await provider()).indexSource!(), undefined, 2);
    const checkpoint = first.pages.at(-1)!.checkpoint!;
    // A fresh provider, as after a restart: it knows no folder names yet and looks them up.
    const second = await crawl((await provider()).indexSource!(), checkpoint);
    const names = [...first.items, ...second.items].map((i) => i.name).sort();
    expect(names).toEqual(indexable(inDrive));
    const pages = deltaRequests().map((r) => r.path);
    expect(new Set(pages).size).toBe(pages.length);
    expect([...first.items, ...second.items].find((i) => i.name === 'sunset city.png')!.path).toBe('Pictures/Moodboard');
  });

  it('follows uploads, renames, moves and deletions from the deltaLink', async () => {
    const src = (await provider()).indexSource!();
    const { cursor } = await crawl(src);
    const s = sc.fake.state;
    s.addFile(sc.ada, { name: 'ocean-hero.png', parentId: sc.items.pictures.id });
    s.renameItem(sc.items.sunsetBeach, 'Sunset-Beach-final.jpg');
    s.moveItem(sc.items.sunsetOutside, sc.items.moodboard.id);
    s.deleteItem(sc.items.quoted);

    const { changes } = await followUntil(src, cursor!, (c) => c.length >= 4);
    expect(changes.map(describeChange).sort()).toEqual(
      [
        'upsert ocean-hero.png @ Pictures',
        'upsert Sunset-Beach-final.jpg @ Pictures',
        'upsert sunset-outside.png @ Pictures/Moodboard',
        `remove ${sc.items.quoted.id}`,
      ].sort(),
    );
  });

  it('lists a renamed folder again with the new paths; a deleted folder is removed whole', async () => {
    const src = (await provider()).indexSource!();
    const { cursor } = await crawl(src);
    sc.fake.state.renameItem(sc.items.moodboard, 'Mood 2024');
    const renamed = await followUntil(src, cursor!, (c) => c.some((x) => x.type === 'upsert' && x.item.name === 'sunset city.png'));
    expect(renamed.changes.map(describeChange)).toContain('upsert sunset city.png @ Pictures/Mood 2024');

    sc.fake.state.deleteItem(sc.items.pictures);
    const deleted = await followUntil(
      src,
      renamed.cursor,
      (c) =>
        c.some((x) => x.type === 'remove' && x.id === sc.items.sunsetBeach.id) &&
        c.some((x) => x.type === 'remove-folder' && x.folderId === sc.items.pictures.id),
    );
    expect(deleted.changes).toContainEqual({ type: 'remove-folder', folderId: sc.items.pictures.id });
    expect(deleted.changes).toContainEqual({ type: 'remove', id: sc.items.sunsetBeach.id });
  });

  it('limited to a Parent folder: crawls only below it, and a file moved out is removed', async () => {
    const src = (await provider(sc.items.pictures.id)).indexSource!();
    const { items, cursor } = await crawl(src);
    expect(items.map((i) => i.name).sort()).toEqual(indexable(inPictures));
    expect(deltaRequests()[0]!.path).toMatch(new RegExp(`^/v1\\.0/me/drive/items/${sc.items.pictures.id}/delta\\?`));

    const root = sc.fake.state.items.get(sc.items.sunsetOutside.parentId!)!;
    sc.fake.state.moveItem(sc.items.sunsetBeach, root.id);
    const { changes } = await followUntil(src, cursor!, (c) => c.length > 0);
    expect(changes).toEqual([{ type: 'remove', id: sc.items.sunsetBeach.id }]);
  });

  it('an expired delta token (410 resyncRequired) ends follow with CursorExpiredError', async () => {
    const src = (await provider()).indexSource!();
    const { cursor } = await crawl(src);
    sc.fake.state.expireDeltaTokens();
    const error = await src.follow(cursor!, async () => {}, never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CursorExpiredError);
    expect(sc.fake.state.log.graph.at(-1)!.status).toBe(410);
  });

  it('waits out a short 429 and reports a long Retry-After as WaitRequestedError', async () => {
    const src = (await provider()).indexSource!();
    sc.fake.state.throttle({ status: 429, retryAfter: 1 });
    expect((await crawl(src)).items).toHaveLength(indexable(inDrive).length);

    sc.fake.state.throttle({ status: 503, retryAfter: 900 });
    const started = Date.now();
    const error = await crawl((await provider()).indexSource!()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitRequestedError);
    expect((error as WaitRequestedError).until.getTime()).toBeGreaterThanOrEqual(started + 900_000);
  });
});
