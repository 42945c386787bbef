import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxCcgProvider } from '../../../main/providers/box';
import type { Provider } from '../../../main/providers/provider';
import { imageExtensions } from '../../../preload/image-types';
import type { FakeApp } from '../../fakes/box';
import { ccgApp, never, readAll, seedWorld, startHarness, type Harness, type World } from './harness';

let h: Harness;
let app: FakeApp;
let world: World;

beforeAll(async () => {
  h = await startHarness();
  app = ccgApp(h.box);
  world = seedWorld(h.box, app.serviceAccountId);
});
afterAll(() => h.close());

function provider(
  overrides: { subjectType?: 'enterprise' | 'user'; subjectId?: string; folderId?: string; secret?: string } = {},
): Provider {
  return boxCcgProvider({
    config: {
      clientId: app.clientId,
      subjectType: overrides.subjectType ?? 'enterprise',
      subjectId: overrides.subjectId ?? app.enterpriseId,
      ...(overrides.folderId ? { folderId: overrides.folderId } : {}),
    },
    context: h.context({ secrets: { clientSecret: overrides.secret ?? app.clientSecret } }),
  });
}

async function searchAll(p: Provider, text: string): Promise<{ names: string[]; pages: number }> {
  const names: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await p.search(text, cursor, never());
    names.push(...page.hits.map((hit) => hit.name));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { names, pages };
}

describe('Box Client Credentials Grant, end to end against the fake', () => {
  it('test() names the service account, counts the visible images and says to share with it', async () => {
    const report = await provider().test(never());
    const serviceLogin = h.box.state.serviceAccount(app).login;
    expect(serviceLogin).toMatch(/^AutomationUser_\d+_\w+@boxdevedition\.com$/);
    expect(report.details).toContainEqual({ label: 'Service account', value: serviceLogin, copyable: true });
    expect(report.visibleImages).toBe(world.visible.length);
    expect(report.nextSteps.join(' ')).toContain(`Share more folders with ${serviceLogin}`);
  });

  it('search "file" lists exactly the images shared with the service account, across pages', async () => {
    const { names, pages } = await searchAll(provider(), 'file');
    expect(pages).toBeGreaterThan(1);
    expect([...names].sort()).toEqual(world.visible.map((f) => f.name).sort());
    for (const hidden of world.hidden) expect(names).not.toContain(hidden.name);
    expect(names).not.toContain('file-notes.txt');
  });

  it('asks Box for images by name only, with just the fields it needs', async () => {
    await provider().search('file-01', undefined, never());
    const request = h.box.state.requests.filter((r) => r.path === '/2.0/search').at(-1)!;
    expect(request.query).toMatchObject({
      query: 'file-01',
      type: 'file',
      content_types: 'name',
      fields: 'name,size,sha1,modified_at,path_collection,representations',
      limit: '100',
      offset: '0',
    });
    expect(request.query.file_extensions!.split(',')).toEqual([...imageExtensions]);
    expect(request.query.ancestor_folder_ids).toBeUndefined();
  });

  it('matches part of a name case-insensitively and reports size, date and location', async () => {
    const page = await provider().search('FILE-01', undefined, never());
    expect(page.hits.map((hit) => hit.name).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `file-01${i}.png`));
    const hit = page.hits[0]!;
    const file = world.visible.find((f) => f.name === hit.name)!;
    expect(hit).toMatchObject({ id: file.id, size: file.bytes.byteLength, location: 'Brand' });
    expect(Date.parse(hit.modifiedAt!)).toBe(Date.parse(file.modifiedAt));
  });

  it('answers an empty search (the home screen) with the images it sees, newest first', async () => {
    const page = await provider().search('', undefined, never());
    const request = h.box.state.requests.filter((r) => r.path === '/2.0/search').at(-1)!;
    expect(request.query).toMatchObject({ sort: 'modified_at', direction: 'DESC' });
    expect(page.hits.length).toBeGreaterThan(0);
    const times = page.hits.map((hit) => Date.parse(hit.modifiedAt!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(page.hits.every((hit) => world.visible.some((f) => f.id === hit.id))).toBe(true);
  });

  it('browses folders: the root holds what is shared with the account, a folder lists its images (not other files)', async () => {
    const top = await provider().listFolder!(undefined, undefined, never());
    expect(top.folders.map((f) => f.name)).toEqual(['Brand']);
    expect(top.hits.map((h) => h.name)).toEqual(['file-single.jpg']);
    const brand = await provider().listFolder!(top.folders[0]!.id, undefined, never());
    // Folder listings are not search: a file Box has not indexed yet is there too.
    expect(brand.hits.map((h) => h.name).sort()).toEqual(
      [
        ...world.visible.filter((f) => f.name.startsWith('file-0') || f.name.startsWith('file-1')).map((f) => f.name),
        'file-fresh-upload.png',
      ].sort(),
    );
    expect(brand.hits.every((h) => h.fileKey === `box:${h.id}` && h.location === 'Brand')).toBe(true);
  });

  it('reuses one token for many calls', async () => {
    const p = provider();
    const before = h.box.state.counters.tokenRequests.client_credentials ?? 0;
    await p.test(never());
    for (let i = 0; i < 5; i++) await p.search(`file-0${i}`, undefined, never());
    await Promise.all([p.search('file-1', undefined, never()), p.search('file-2', undefined, never())]);
    expect(h.box.state.counters.tokenRequests.client_credentials).toBe(before + 1);
  });

  it('keeps the token in the vault, so a new provider for the same connection reuses it', async () => {
    const context = h.context({ secrets: { clientSecret: app.clientSecret } });
    const config = { clientId: app.clientId, subjectType: 'enterprise' as const, subjectId: app.enterpriseId };
    const before = h.box.state.counters.tokenRequests.client_credentials ?? 0;
    await boxCcgProvider({ config, context }).search('file', undefined, never());
    await boxCcgProvider({ config, context }).search('file', undefined, never());
    expect(h.box.state.counters.tokenRequests.client_credentials).toBe(before + 1);
    const raw = await context.secrets.get('box.token');
    expect(raw).toBeDefined();
    expect(JSON.parse(raw!)).not.toHaveProperty('clientSecret');
  });

  it('fetches a thumbnail with one request when no search brought its representation (a hit from the name index)', async () => {
    const file = world.visible[3]!;
    const before = h.box.state.requests.length;
    const bytes = await provider().thumbnailSource(file.id, never());
    expect(Buffer.from(bytes).equals(Buffer.from(file.bytes))).toBe(true);
    const since = h.box.state.requests.slice(before).filter((r) => !r.path.startsWith('/oauth2/'));
    expect(since.map((r) => `${r.host} ${r.path}`)).toEqual([`api /2.0/files/${file.id}/thumbnail.jpg`]);
    expect(since[0]!.query).toMatchObject({ min_width: '320', min_height: '320' });
    expect(since[0]!.authorization).toBe(true);
  });

  it('asks for the representation of a file the thumbnail endpoint does not preview (302 placeholder), and says when there is none', async () => {
    const notes = [...h.box.state.files.values()].find((f) => f.name === 'file-notes.txt')!;
    const before = h.box.state.requests.length;
    const error = await provider()
      .thumbnailSource(notes.id, never())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'no_thumbnail' });
    const since = h.box.state.requests.slice(before).filter((r) => !r.path.startsWith('/oauth2/'));
    expect(since.map((r) => `${r.host} ${r.path}`)).toEqual([`api /2.0/files/${notes.id}/thumbnail.jpg`, `api /2.0/files/${notes.id}`]);
    expect(since[1]!.query.fields).toBe('representations');
  });

  it('after a search, fetches a thumbnail from the representation that came with the hit: no files/{id} round trip', async () => {
    const file = world.visible[4]!;
    const p = provider();
    await p.search(file.name, undefined, never());
    const before = h.box.state.requests.length;
    const bytes = await p.thumbnailSource(file.id, never());
    expect(Buffer.from(bytes).equals(Buffer.from(file.bytes))).toBe(true);
    const since = h.box.state.requests.slice(before);
    expect(since.map((r) => `${r.host} ${r.path}`)).toEqual([
      `download /api/2.0/internal_files/${file.id}/versions/${file.versionId}/representations/jpg_320x320/content/`,
    ]);
  });

  it('downloads the original through the redirect, without sending the token to the download host', async () => {
    const file = world.visible[7]!;
    const p = provider();
    await p.search(file.name, undefined, never());
    const original = await p.original(file.id, never());
    expect(original.name).toBe(file.name);
    expect(Buffer.from(await readAll(original.body)).equals(Buffer.from(file.bytes))).toBe(true);
    expect(h.box.state.counters.downloadsWithAuthorization).toBe(0);
    expect(h.box.state.requests.some((r) => r.host === 'download' && r.path.startsWith('/d/'))).toBe(true);
  });

  it('names an original it has not seen in a search by asking Box', async () => {
    const file = world.visible[9]!;
    const original = await provider().original(file.id, never());
    expect(original.name).toBe(file.name);
    await readAll(original.body);
  });

  it('opens originals on the Box web app', async () => {
    const file = world.visible[0]!;
    const url = provider().originalUrl(file.id);
    expect(url).toBe(`${h.box.appUrl}/file/${file.id}`);
    expect(await (await fetch(url!)).text()).toContain(file.name);
    expect(provider().originalUrl('../etc/passwd')).toBeUndefined();
  });

  it('limits search to a folder and its subfolders with ancestor_folder_ids', async () => {
    const folderId = world.visible[0]!.parentId;
    const { names } = await searchAll(provider({ folderId }), 'file');
    expect(names).toHaveLength(world.visible.length - 1);
    expect(names).not.toContain('file-single.jpg');
    const request = h.box.state.requests.filter((r) => r.path === '/2.0/search').at(-1)!;
    expect(request.query.ancestor_folder_ids).toBe(folderId);
  });

  it('acts as a user when the app may generate user access tokens', async () => {
    const userApp = ccgApp(h.box, { generateUserAccessTokens: true });
    const p = boxCcgProvider({
      config: { clientId: userApp.clientId, subjectType: 'user', subjectId: world.designer.id },
      context: h.context({ secrets: { clientSecret: userApp.clientSecret } }),
    });
    const report = await p.test(never());
    expect(report.details).toContainEqual({ label: 'Box user', value: world.designer.login, copyable: true });
    const { names } = await searchAll(p, 'file-private');
    expect(names).toEqual(['file-private.png']);
  });
});
