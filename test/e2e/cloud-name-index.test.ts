import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionSummary, IndexInfo } from '../../preload/contract';
import type { FakeBox } from '../fakes/box';
import { startFakeMicrosoft, type FakeItem, type FakeMicrosoft, type FakeUser } from '../fakes/microsoft';
import { demo, seedDemo } from '../fakes/microsoft/demo-data';
import { startBoxWorld, thumbnailJpeg, type BoxWorld } from '../harness/box-world';
import { chromiumPath, hasChromium, launchBrowser, screenshot } from '../harness/browser';
import { within } from '../harness/deadline';
import { printAppLogOnFailure, startHeadlessApp, type HeadlessApp } from '../harness/headless-app';
import { appShown, currentResults } from '../harness/skyhook-page';

/**
 * The name index end to end on Box and OneDrive (issue #12): the fakes match search by whole
 * words as the real services do (test/fakes/word-match.ts), so a fragment from inside a word
 * ("cean" of ocean-hero.png) is found only by the app's own index of the connection's names
 * (main/providers/box/box-index-source.ts, main/providers/onedrive/drive-index-source.ts).
 * Each block first asks the fake's own search for the fragment and gets nothing. Then, with
 * a fragment's results open, changes made at the fake reach the open list: on Box an upload,
 * a rename and a trash, each an event on the long-poll; on OneDrive an item added, one
 * renamed and one deleted, which the app sees at once when the window gains focus (the
 * renderer sends index.checkNow, which pokes the drive's delta) rather than at the next
 * 30 s poll: the fake Graph's request log shows the delta round the focus caused.
 */

if (!hasChromium) console.warn(`Skipping the cloud name index end-to-end test: no Chromium at ${chromiumPath} (apt-get install chromium).`);

/** Below the test timeout: a wait that never ends fails with what it waited for. */
const eventually = <T>(value: () => T | Promise<T>, timeout = 30_000) => expect.poll(value, { timeout, interval: 100 });

type Bridge = Record<string, (input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>>;

/** One bridge call from the page, as the renderer makes them. */
async function bridge<T>(page: Page, channel: string, input: unknown): Promise<T> {
  const result = await within(
    page.evaluate(([c, i]) => (window as unknown as { skyhook: Bridge }).skyhook[c as string]!(i), [channel, input] as const),
    30_000,
    `the bridge call ${channel}`,
  );
  if (!result.ok) throw new Error(`${channel}: ${result.error?.message}`);
  return result.value as T;
}

/** The connection's index state, as `index.list` reports it (what its chip shows). */
async function indexState(page: Page, connectionId: string): Promise<string | undefined> {
  const list = await bridge<IndexInfo[]>(page, 'index.list', {});
  return list.find((info) => info.connectionId === connectionId)?.status.state;
}

/** The names on the tiles of the current query's grid (not the previous query's, kept aria-busy until the answer). */
function currentNames(page: Page): Promise<string[]> {
  return (
    currentResults(page)
      .getByRole('gridcell')
      .getByRole('img')
      // A thumbnail that failed to load is a placeholder named by aria-label.
      .evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt') ?? img.getAttribute('aria-label') ?? '').sort())
  );
}

/** The tile of `name` in the current query's grid. */
const tileOf = (page: Page, name: string) =>
  currentResults(page)
    .getByRole('gridcell')
    .filter({ has: page.getByRole('img', { name, exact: true }) });

/** The marked parts of a tile's name. */
const marksOf = (page: Page, name: string) => tileOf(page, name).locator('.tile-name mark').allTextContents();

describe.runIf(hasChromium)('name index on Box: a fragment from inside a word, and changes reaching an open list', () => {
  let world: BoxWorld;

  /** What the fake Box's own search answers for `query`, asked as the app would (its service account's token). */
  async function boxSearch(box: FakeBox, query: string): Promise<string[]> {
    const ccg = box.state.apps.find((app) => app.authMethod === 'ccg');
    if (!ccg) throw new Error('the world has a Client Credentials app');
    const tokenResponse = await fetch(`${box.apiUrl}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: ccg.clientId,
        client_secret: ccg.clientSecret,
        box_subject_type: 'enterprise',
        box_subject_id: box.state.enterpriseId,
      }),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const url = new URL(`${box.apiUrl}/2.0/search`);
    url.searchParams.set('query', query);
    url.searchParams.set('type', 'file');
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { entries: Array<{ name: string }> };
    return body.entries.map((entry) => entry.name).sort();
  }

  beforeAll(async () => {
    const thumbnail = await thumbnailJpeg('#1c7ed6');
    world = await startBoxWorld(
      [
        { name: 'ocean-hero.png', size: 2048 },
        { name: 'IMG_20240412_0931.jpg', size: 2048 },
        { name: 'ACME_logo_v3_final.psd', size: 2048 },
        { name: 'moodboard.jpg', size: 2048 },
      ],
      thumbnail,
    );
  });

  printAppLogOnFailure(() => world?.app);

  afterAll(async () => {
    await world?.close();
  });

  it('finds "cean", "0412" and "go_v3" from the index, which the Box search does not, and marks them', async () => {
    const { page, box, connection } = world;
    // Box's own search: whole words. "ocean" finds the file, "cean" nothing.
    expect(await boxSearch(box, 'ocean')).toEqual(['ocean-hero.png']);
    expect(await boxSearch(box, 'cean')).toEqual([]);
    expect(await boxSearch(box, '0412')).toEqual([]);
    expect(await boxSearch(box, 'go_v3')).toEqual([]);

    await eventually(() => indexState(page, connection.id), 60_000).toMatch(/^(live|up-to-date)$/);
    await eventually(() => page.getByRole('button', { name: /^Brand Box/ }).textContent()).toMatch(/Live|Up to date/);

    for (const [query, name, marked] of [
      ['cean', 'ocean-hero.png', ['cean']],
      ['0412', 'IMG_20240412_0931.jpg', ['0412']],
      ['go_v3', 'ACME_logo_v3_final.psd', ['go_v3']],
    ] as const) {
      await world.searchbox().fill(query);
      await eventually(() => currentNames(page)).toEqual([name]);
      expect(await marksOf(page, name)).toEqual(marked);
      if (query === 'cean') await screenshot(page, 'cloud-index-box-fragment');
    }
  });

  it('shows an upload at Box in the open list, renames its tile, and removes it when trashed', async () => {
    const { page, box } = world;
    const folder = [...box.state.folders.values()].find((f) => f.name === 'Brand');
    if (!folder) throw new Error('no Brand folder');
    await world.searchbox().fill('cean');
    await eventually(() => currentNames(page)).toEqual(['ocean-hero.png']);

    // Just uploaded: Box's search would not have it for minutes (and never for "cean").
    const thumbnail = await thumbnailJpeg('#2f9e44');
    const uploaded = box.state.changes.upload({
      name: 'seaside-oceanfront.jpg',
      bytes: new Uint8Array(1024),
      thumbnail,
      ownerId: folder.ownerId,
      parentId: folder.id,
      indexed: false,
    });
    await eventually(() => currentNames(page)).toEqual(['ocean-hero.png', 'seaside-oceanfront.jpg']);
    expect(await marksOf(page, 'seaside-oceanfront.jpg')).toEqual(['cean']);
    await screenshot(page, 'cloud-index-box-uploaded');

    box.state.changes.rename(uploaded.id, 'oceanfront-approved.jpg');
    await eventually(() => currentNames(page)).toEqual(['ocean-hero.png', 'oceanfront-approved.jpg']);
    expect(await marksOf(page, 'oceanfront-approved.jpg')).toEqual(['cean']);
    await screenshot(page, 'cloud-index-box-renamed');

    box.state.changes.trash(uploaded.id);
    await eventually(() => currentNames(page)).toEqual(['ocean-hero.png']);
    await screenshot(page, 'cloud-index-box-trashed');
  });
});

describe.runIf(hasChromium)('name index on OneDrive: a fragment from inside a word, and delta changes reaching an open list', () => {
  let fake: FakeMicrosoft;
  let ada: FakeUser;
  let app: HeadlessApp;
  let browser: Browser;
  let page: Page;
  let connection: ConnectionSummary;
  const added = new Map<string, FakeItem>();

  const searchbox = () => page.getByRole('searchbox', { name: 'Search images' });

  /** What the fake Graph's drive search answers for `query`, asked with a token of Ada's. */
  async function graphSearch(query: string): Promise<string[]> {
    const token = fake.state.issueAccessToken({
      clientId: demo.publicClientId,
      tenantId: demo.tenantId,
      oid: ada.oid,
      scopes: ['User.Read', 'Files.Read.All'],
    });
    const response = await fetch(`${fake.graphUrl}/v1.0/me/drive/search(q='${query.replaceAll("'", "''")}')`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { value: Array<{ name: string }> };
    return body.value.map((item) => item.name).sort();
  }

  beforeAll(async () => {
    fake = await startFakeMicrosoft({ seed: (state) => void seedDemo(state) });
    ada = fake.state.userByName(demo.users.ada)!;
    const pictures = [...fake.state.items.values()].find((item) => item.folder && item.name === 'Pictures' && item.driveId === ada.driveId);
    for (const name of ['coastline-panorama.jpg', 'old-coastline-draft.jpg', 'DSC_20250117_1412.png']) {
      added.set(name, fake.state.addFile(ada, { name, ...(pictures ? { parentId: pictures.id } : {}) }));
    }
    app = await startHeadlessApp({ SKYHOOK_MS_AUTHORITY_HOST: fake.authorityHost, SKYHOOK_GRAPH_URL: fake.graphUrl });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(app.url);
    await appShown(page);

    connection = await bridge<ConnectionSummary>(page, 'connections.save', {
      kind: 'onedrive',
      name: 'Contoso OneDrive',
      config: { tenantId: demo.tenantId, clientId: demo.publicClientId, cloud: 'global', mode: 'public' },
      secrets: {},
    });
    // Ada signs in on the fake's pages in a second tab, as in the system browser; MSAL's loopback takes the answer.
    const opened = app.next('OPEN_EXTERNAL');
    const signedIn = bridge(page, 'connections.signIn', { id: connection.id });
    const tab = await browser.newPage();
    await tab.goto(await opened);
    await tab.getByLabel('Email, phone, or Skype').fill(demo.users.ada);
    await tab.getByLabel('Password').fill(demo.password);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    // Microsoft answers Sign in with its consent page or, once consented, the redirect.
    const accept = tab.getByRole('button', { name: 'Accept' });
    await accept
      .or(tab.getByRole('heading', { name: /signed in/ }))
      .first()
      .waitFor({ timeout: 30_000 });
    if ((await accept.count()) > 0) await accept.click();
    await within(signedIn, 60_000, 'Ada’s OneDrive sign-in after the redirect');
    await tab.close();
    await page.goto('about:blank');
    await page.goto(app.url);
    await appShown(page);
  });

  printAppLogOnFailure(() => app);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await fake?.close();
    if (app) rmSync(app.dataDir, { recursive: true, force: true });
  });

  it('finds "stlin" and "0117" from the drive index, which Graph search does not, and marks them', async () => {
    // Graph's own search: whole words. "coastline" finds both files, "stlin" nothing.
    expect(await graphSearch('coastline')).toEqual(['coastline-panorama.jpg', 'old-coastline-draft.jpg']);
    expect(await graphSearch('stlin')).toEqual([]);
    expect(await graphSearch('0117')).toEqual([]);

    await eventually(() => indexState(page, connection.id), 60_000).toMatch(/^(live|up-to-date)$/);
    await eventually(() => page.getByRole('button', { name: /^Contoso OneDrive/ }).textContent()).toMatch(/Live|Up to date/);

    await searchbox().fill('stlin');
    await eventually(() => currentNames(page)).toEqual(['coastline-panorama.jpg', 'old-coastline-draft.jpg']);
    expect(await marksOf(page, 'coastline-panorama.jpg')).toEqual(['stlin']);
    expect(await marksOf(page, 'old-coastline-draft.jpg')).toEqual(['stlin']);
    await screenshot(page, 'cloud-index-onedrive-fragment');

    await searchbox().fill('0117');
    await eventually(() => currentNames(page)).toEqual(['DSC_20250117_1412.png']);
    expect(await marksOf(page, 'DSC_20250117_1412.png')).toEqual(['0117']);
  });

  it('shows an item added, one renamed and one deleted in the drive in the open list once the window gains focus', async () => {
    await searchbox().fill('stlin');
    await eventually(() => currentNames(page)).toEqual(['coastline-panorama.jpg', 'old-coastline-draft.jpg']);

    // All three in one delta round, asked for by the focus (the 30 s poll would come later).
    fake.state.addFile(ada, { name: 'north-coastline.png' });
    fake.state.renameItem(added.get('coastline-panorama.jpg')!, 'coastline-wide.jpg');
    fake.state.deleteItem(added.get('old-coastline-draft.jpg')!);
    const deltaRequests = () => fake.state.log.graph.filter((request) => /\/delta\b/.test(request.path)).length;
    const before = deltaRequests();
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    // A deadline a third of the poll interval: a round seen by then is (but by chance) the focus's.
    await eventually(deltaRequests, 10_000).toBeGreaterThan(before);
    await eventually(() => currentNames(page)).toEqual(['coastline-wide.jpg', 'north-coastline.png']);
    expect(await marksOf(page, 'north-coastline.png')).toEqual(['stlin']);
    expect(await marksOf(page, 'coastline-wide.jpg')).toEqual(['stlin']);
    await screenshot(page, 'cloud-index-onedrive-changed');
  });
});
