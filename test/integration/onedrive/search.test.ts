import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../../main/providers/provider';
import { makeProvider, never, readAll, signedInProvider, TestVault } from './harness';
import { password, startScenario, type Scenario } from './scenario';

describe('OneDrive search over Graph', () => {
  let sc: Scenario;
  let vault: TestVault;
  let whole: Provider;

  beforeAll(async () => {
    sc = await startScenario();
    vault = new TestVault();
    whole = await signedInProvider({ fake: sc.fake, vault, config: sc.publicConfig(), username: sc.ada.username, password });
  });
  afterAll(async () => {
    await sc.fake.close();
    vault.remove();
  });

  it('returns nothing for empty text, without asking Graph', async () => {
    const before = sc.fake.state.log.graph.length;
    expect(await whole.search('', undefined, never)).toEqual({ hits: [], notListed: true });
    expect(sc.fake.state.log.graph.length).toBe(before);
  });

  it("lists the drive's folders for the folder filter: root, then a folder's subfolders, never files", async () => {
    const root = await whole.listFolders!(undefined, never);
    expect(root).toEqual([{ id: sc.items.pictures.id, name: 'Pictures' }]);
    const inside = (await whole.listFolders!(sc.items.pictures.id, never)).map((f) => f.name).sort();
    expect(inside).toEqual(['Moodboard', 'sunset folder']);
    expect(await whole.listFolders!(sc.items.moodboard.id, never)).toEqual([]);
  });

  it('asks Graph for the documented fields, thumbnails and page size', async () => {
    await whole.search('beach', undefined, never);
    const request = sc.fake.state.log.graph.at(-1)?.path ?? '';
    expect(request).toMatch(/^\/v1\.0\/me\/drive\/root\/search\(q='beach'\)\?/);
    const query = new URL(request, 'http://x').searchParams;
    expect(query.get('$select')?.split(',')).toEqual([
      'id',
      'name',
      'size',
      'file',
      'image',
      'lastModifiedDateTime',
      'parentReference',
      'webUrl',
    ]);
    expect(query.get('$expand')).toBe('thumbnails');
    expect(query.get('$top')).toBe('100');
  });

  it('filters by file name: a content-only match and non-images are dropped', async () => {
    // Graph matches "sunset" in quarterly-report.png's content; Skyhook promises file names.
    const hits = (await whole.search('SUNSET', undefined, never)).hits.map((h) => h.name);
    expect(hits).not.toContain('quarterly-report.png');
    expect(hits).not.toContain('sunset-notes.docx');
    expect(hits).not.toContain('sunset folder');
    expect(hits).toContain('Sunset-Beach.jpg');
  });

  it("escapes quotes in the search text (it's → it''s)", async () => {
    const page = await whole.search("ada's", undefined, never);
    expect(page.hits.map((h) => h.name)).toEqual(["ada's sunset.gif"]);
    expect(sc.fake.state.log.graph.at(-1)?.path).toContain("search(q='ada''s')");
  });

  it('limited to a parent folder, drops what Graph leaks from outside it and keeps subfolders', async () => {
    const scoped = makeProvider({ fake: sc.fake, vault, config: sc.publicConfig({ parentFolderId: sc.items.pictures.id }) });
    const before = sc.fake.state.log.graph.length;
    const hits = (await scoped.search('sunset', undefined, never)).hits.map((h) => h.name).sort();
    const requests = sc.fake.state.log.graph.slice(before);
    expect(requests[0]?.path).toMatch(new RegExp(`^/v1\\.0/me/drive/items/${sc.items.pictures.id}/search\\(q='sunset'\\)`));
    // The fake leaked sunset-outside.png (OneDrive for Business behaviour): it must not show.
    expect(requests[0]?.status).toBe(200);
    expect(hits).toEqual(['Sunset-Beach.jpg', "ada's sunset.gif", 'sunset city.png']);
    expect(hits).not.toContain('sunset-outside.png');
  });

  it('runs two instances side by side with different folders and accounts', async () => {
    const graceVault = new TestVault();
    const [adaMoodboard, grace] = await Promise.all([
      Promise.resolve(makeProvider({ fake: sc.fake, vault, config: sc.publicConfig({ parentFolderId: sc.items.moodboard.id }) })),
      signedInProvider({
        fake: sc.fake,
        vault: graceVault,
        connectionId: 'c0ffee00-0000-4000-8000-000000000002',
        config: sc.publicConfig(),
        username: sc.grace.username,
        password,
      }),
    ]);
    const [a, g] = await Promise.all([adaMoodboard.search('sunset', undefined, never), grace.search('sunset', undefined, never)]);
    expect(a.hits.map((h) => h.name)).toEqual(['sunset city.png']);
    expect(g.hits.map((h) => h.name).sort()).toEqual(['private-sunset.jpg', 'shared-sunset.jpg']);
    expect(await grace.auth?.state()).toEqual({ state: 'signed-in', account: sc.grace.username });
    expect(await adaMoodboard.auth?.state()).toEqual({ state: 'signed-in', account: sc.ada.username });
    graceVault.remove();
  });

  it('includes what others shared, addressed in their drive', async () => {
    const shared = makeProvider({ fake: sc.fake, vault, config: sc.publicConfig({ includeShared: true }) });
    const page = await shared.search('shared', undefined, never);
    expect(sc.fake.state.log.graph.at(-1)?.path).toMatch(/^\/v1\.0\/me\/drive\/search\(q='shared'\)\?\$select=[^&]*remoteItem/);
    expect(page.hits).toHaveLength(1);
    const hit = page.hits[0];
    expect(hit).toMatchObject({
      name: 'shared-sunset.jpg',
      location: 'Shared with you',
      id: `${sc.items.shared.driveId}:${sc.items.shared.id}`,
    });
    // No thumbnails come expanded on shared entries: the provider asks the owner's drive.
    const thumb = await shared.thumbnailSource(hit?.id ?? '', never);
    expect(Buffer.from(thumb).equals(sc.items.shared.thumbnail ?? Buffer.alloc(0))).toBe(true);
    const original = await shared.original(hit?.id ?? '', never);
    expect((await readAll(original.body)).toString()).toBe('grace shares this');
    expect(
      sc.fake.state.log.graph.some((g) =>
        g.path.startsWith(`/v1.0/drives/${encodeURIComponent(sc.items.shared.driveId)}/items/${sc.items.shared.id}/content`),
      ),
    ).toBe(true);
    // Grace's private file is not shared with Ada.
    expect((await shared.search('private', undefined, never)).hits).toEqual([]);
  });

  it('looks an unknown item up before downloading (thumbnail, name, web page)', async () => {
    const fresh = makeProvider({ fake: sc.fake, vault, config: sc.publicConfig() });
    expect(fresh.originalUrl(sc.items.sunsetBeach.id)).toBeUndefined();
    const original = await fresh.original(sc.items.sunsetBeach.id, never);
    expect(original.name).toBe('Sunset-Beach.jpg');
    await readAll(original.body);
    expect(fresh.originalUrl(sc.items.sunsetBeach.id)).toBe(sc.fake.state.webUrl(sc.items.sunsetBeach));
    expect(Buffer.from(await fresh.thumbnailSource(sc.items.sunsetBeach.id, never)).toString()).toBe('thumbnail of the beach');
  });

  it('reports a deleted item plainly', async () => {
    await expect(whole.original('01NOSUCHITEM', never)).rejects.toMatchObject({ code: 'item_not_found' });
  });
});

describe('OneDrive search paging, throttling and cancellation', () => {
  let sc: Scenario;
  let vault: TestVault;
  let provider: Provider;

  beforeAll(async () => {
    sc = await startScenario({ maxPageSize: 2 });
    for (let i = 0; i < 5; i++) sc.fake.state.addFile(sc.ada, { name: `paged-${i}.png` });
    sc.fake.state.addFile(sc.ada, { name: 'paged-notes.txt' });
    vault = new TestVault();
    provider = await signedInProvider({ fake: sc.fake, vault, config: sc.publicConfig(), username: sc.ada.username, password });
  });
  afterAll(async () => {
    await sc.fake.close();
    vault.remove();
  });

  it('follows @odata.nextLink verbatim until it is gone', async () => {
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await provider.search('paged', cursor, never);
      names.push(...page.hits.map((h) => h.name));
      if (page.nextCursor) expect(page.nextCursor.startsWith(`${sc.fake.graphUrl}/v1.0/`)).toBe(true);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(names).toEqual(['paged-0.png', 'paged-1.png', 'paged-2.png', 'paged-3.png', 'paged-4.png']);
    expect(sc.fake.state.log.graph.filter((g) => g.path.includes('%24skiptoken=') || g.path.includes('$skiptoken='))).toHaveLength(2);
  });

  it('refuses a cursor that points anywhere but the configured Graph host', async () => {
    await expect(provider.search('paged', 'https://evil.example/v1.0/me/drive/root/search(q=%27x%27)', never)).rejects.toMatchObject({
      code: 'invalid_cursor',
    });
  });

  it('waits out 429 and 503 with Retry-After, then succeeds', async () => {
    const before = sc.fake.state.log.graph.length;
    sc.fake.state.throttle({ status: 429, retryAfter: 0, count: 1 });
    sc.fake.state.throttle({ status: 503, retryAfter: 0, count: 1 });
    const page = await provider.search('paged-0', undefined, never);
    expect(page.hits.map((h) => h.name)).toEqual(['paged-0.png']);
    expect(sc.fake.state.log.graph.slice(before).map((g) => g.status)).toEqual([429, 503, 200]);
  });

  it('gives up after bounded retries with a rate-limit error', async () => {
    sc.fake.state.throttle({ status: 429, retryAfter: 0, count: 10 });
    await expect(provider.search('paged', undefined, never)).rejects.toMatchObject({ code: 'rate_limited' });
    sc.fake.state.throttles = [];
  });

  it('cancelling a search aborts the Graph request itself', async () => {
    const hold = sc.fake.state.hold((path) => path.includes('/search('));
    const controller = new AbortController();
    const search = provider.search('paged', undefined, controller.signal);
    await hold.arrived;
    controller.abort();
    await expect(search).rejects.toMatchObject({ code: 'cancelled' });
    // The fake saw the connection close before it answered.
    await hold.abandoned;
    hold.release();
  });

  it('spends one refresh token at a time when parallel searches all need a new access token', async () => {
    sc.fake.state.expireAccessTokens();
    const refreshes = sc.fake.state.log.refreshes;
    const pages = await Promise.all(['paged-1', 'paged-2', 'paged-3'].map((q) => provider.search(q, undefined, never)));
    expect(pages.map((p) => p.hits.length)).toEqual([1, 1, 1]);
    expect(sc.fake.state.log.token.filter((t) => t.aadsts !== 0)).toEqual([]);
    expect(sc.fake.state.log.refreshes).toBeGreaterThan(refreshes);
  });
});
