import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxConfigJson, type FakeBox } from '../fakes/box';
import { demoCredentials, type DemoData } from '../fakes/box/demo';
import { freePort } from '../harness/free-port';
import { openBoxDemo, type BoxDemo } from '../harness/box-demo';
import { chromiumPath, hasChromium, screenshot } from '../harness/browser';
import type { HeadlessApp } from '../harness/headless-app';
import { resultImages, sortedImageNames } from '../harness/skyhook-page';

/**
 * The three Box wizards end to end: the real renderer in Chromium through the browser
 * bridge, the real main services, and the fake Box seeded with the demo (a designer's
 * brand folders shared with the CCG and JWT service accounts, an OAuth app for her).
 */

if (!hasChromium) console.warn(`Skipping the Box end-to-end tests: no Chromium at ${chromiumPath} (apt-get install chromium).`);

/** Polls until it holds; generous, because the shared test machines are often busy. */
const eventually = <T>(value: () => T | Promise<T>) => expect.poll(value, { timeout: 15_000 });

describe.runIf(hasChromium)('Box connections through the wizards', () => {
  let world: BoxDemo | undefined;
  let box: FakeBox;
  let demo: DemoData;
  let app: HeadlessApp;
  let browser: Browser;
  let page: Page;
  let work: string;

  const searchbox = () => page.getByRole('searchbox', { name: 'Search images' });
  const chip = (name: string) => page.getByRole('button', { name: new RegExp(`^${name}`) });
  /** Searches only these connections: files several of them reach show once, under one of them (one tile per file). */
  const searchOnly = async (...names: string[]) => {
    for (const toggle of await page.locator('.chip-toggle').all()) {
      const name = (await toggle.textContent()) ?? '';
      const wanted = names.some((n) => name.startsWith(n));
      if ((await toggle.getAttribute('aria-pressed')) !== String(wanted)) await toggle.click();
    }
  };
  /** How many of a connection's thumbnails have arrived (through skyhook-media, from the fake's representations). */
  const thumbnailsShown = (source: string) =>
    resultImages(page, source).evaluateAll(
      (imgs) => imgs.filter((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0).length,
    );
  const fileNamed = (name: string) => [...box.state.files.values()].find((f) => f.name === name)!;
  const serviceLogin = (which: 'ccg' | 'jwt') => box.state.serviceAccount(demo[which]).login;

  /** From anywhere: Connections → Add connection → the wizard called `choice`. */
  async function openWizard(choice: string, shot: string): Promise<void> {
    await page.getByRole('button', { name: 'Connections', exact: true }).click();
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByRole('button', { name: choice }).click();
    // Walk every step of the document, as an admin would, to the connect form.
    for (let step = 1; ; step++) {
      await screenshot(page, `${shot}-step-${step}`);
      const next = page.getByRole('button', { name: 'Next', exact: true });
      if ((await next.count()) === 0) break;
      await next.click();
    }
    await page.getByRole('button', { name: 'Continue to connect' }).click();
  }

  async function searchFor(text: string): Promise<void> {
    await page.getByRole('button', { name: '← Search' }).click();
    await searchbox().fill(text);
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'skyhook-box-e2e-'));
    world = await openBoxDemo({ width: 1280, height: 860 });
    ({ box, demo, app, browser, page } = world);
  });

  afterAll(async () => {
    expect(await world?.close()).toBe(0);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('Client Credentials: test shows the service account, save, search, drag the served bytes, open the original', async () => {
    await openWizard('Box — Client Credentials', 'box-ccg');
    await page.getByLabel('Connection name').fill('Box CCG');
    await page.getByLabel('Client ID').fill(demoCredentials.ccgClientId);
    await page.getByLabel('Client secret').fill(demoCredentials.ccgClientSecret);
    await page.getByLabel('Enterprise ID').fill(box.state.enterpriseId);
    await page.getByRole('button', { name: 'Test connection' }).click();

    const report = page.getByRole('status').filter({ hasText: 'Connected to Box' });
    await eventually(() => report.count()).toBe(1);
    const login = serviceLogin('ccg');
    expect(login).toMatch(/^AutomationUser_.+@boxdevedition\.com$/);
    expect(await report.textContent()).toContain(login);
    expect(await report.getByRole('button', { name: 'Copy service account' }).count()).toBe(1);
    // The six shared images; the upload Box has not indexed yet and the private sketch stay invisible.
    expect(await report.textContent()).toContain(`${demo.sharedImages.length} images are visible`);
    await report.scrollIntoViewIfNeeded();
    await screenshot(page, 'box-ccg-tested');

    await page.getByRole('button', { name: 'Save connection' }).click();
    await eventually(() => page.getByText('Box CCG', { exact: true }).count()).toBe(1);
    await screenshot(page, 'box-ccg-saved');

    // The name index lists folders, so it also finds what Box's own search has not indexed yet.
    await searchFor('file');
    await eventually(() => chip('Box CCG').textContent()).toMatch(/Live|Up to date/);
    await eventually(() => sortedImageNames(page, 'Box CCG')).toEqual([...demo.sharedImages, ...demo.notYetSearchable].sort());
    expect(await sortedImageNames(page, 'Samples')).toEqual([]);
    await eventually(() => thumbnailsShown('Box CCG')).toBe(demo.sharedImages.length + demo.notYetSearchable.length);
    const image = page.getByRole('img', { name: 'file-hero-banner.jpg' });
    await screenshot(page, 'box-ccg-search');

    const dragged = app.next('DRAG');
    await image.dragTo(searchbox());
    const file = await dragged;
    expect(file.endsWith('file-hero-banner.jpg')).toBe(true);
    expect(readFileSync(file).equals(Buffer.from(fileNamed('file-hero-banner.jpg').bytes))).toBe(true);

    await page.getByRole('gridcell').filter({ has: image }).dblclick();
    const preview = page.getByRole('complementary', { name: 'file-hero-banner.jpg' });
    await preview.getByRole('button', { name: 'Open original' }).waitFor();
    await screenshot(page, 'box-ccg-preview');
    const opened = app.next('OPEN_EXTERNAL');
    await preview.getByRole('button', { name: 'Open original' }).click();
    expect(await opened).toBe(`${box.appUrl}/file/${fileNamed('file-hero-banner.jpg').id}`);
  });

  it('a wrong client secret: the test names the step to fix and the saved connection stays as it was', async () => {
    const saved = () => ['settings.json', 'vault.json'].map((name) => readFileSync(join(app.dataDir, name), 'utf8'));
    const before = saved();
    await page.getByRole('button', { name: 'Connections', exact: true }).click();
    await page.getByRole('button', { name: 'Edit Box CCG' }).click();
    await page.getByLabel('Client secret').fill('not-the-secret');
    await page.getByRole('button', { name: 'Test connection' }).click();

    const alert = page.getByRole('alert').filter({ hasText: 'Box rejected the client secret' });
    await eventually(() => alert.count()).toBe(1);
    expect(await alert.textContent()).not.toContain('not-the-secret');
    const goTo = alert.getByRole('button', { name: /^Go to step \d+: Copy the IDs and the secret$/ });
    expect(await goTo.count()).toBe(1);
    await screenshot(page, 'box-ccg-wrong-secret');
    await goTo.click();
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toMatch(/Copy the IDs and the secret/);
    await screenshot(page, 'box-ccg-wrong-secret-step');

    await page.getByRole('button', { name: '← Connections' }).click();
    // Leaving an edit with unsaved changes asks.
    await page.getByRole('dialog', { name: 'Discard your changes?' }).getByRole('button', { name: 'Discard changes' }).click();
    // Neither the settings nor the vault (secret and cached token) took the tested secret.
    expect(saved()).toEqual(before);
    // The saved secret is still the right one: the connection still searches.
    await searchFor('logo');
    await eventually(() => sortedImageNames(page, 'Box CCG')).toEqual(['file-logo-mono.png', 'file-logo-primary.png']);
  });

  it('the folder filter can be picked by browsing the folders shared with the service account', async () => {
    await page.getByRole('button', { name: 'Connections', exact: true }).click();
    await page.getByRole('button', { name: 'Edit Box CCG' }).click();
    await page.getByRole('button', { name: 'Browse folders…' }).click();
    const folders = page.getByRole('group', { name: 'Folders' });
    await folders.getByRole('button', { name: /Campaign 2024/ }).waitFor();
    expect(await folders.getByRole('button', { name: /Brand Assets/ }).count()).toBe(1);
    await screenshot(page, 'box-ccg-browse-folders');
    await folders.getByRole('button', { name: /Campaign 2024/ }).click();
    await folders.getByRole('button', { name: 'Use “Campaign 2024”' }).click();
    const campaign = [...box.state.folders.values()].find((f) => f.name === 'Campaign 2024')!;
    expect(await page.getByLabel('Parent folder ID').inputValue()).toBe(campaign.id);
    await page.getByRole('button', { name: 'Save connection' }).click();
    await eventually(() => page.getByText('Box CCG', { exact: true }).count()).toBe(1);

    await searchFor('file');
    await eventually(() => sortedImageNames(page, 'Box CCG')).toEqual([
      'file-campaign-poster.jpg',
      'file-just-uploaded.jpg',
      'file-social-square.png',
    ]);
  });

  it('JWT: import config.json, see what was found, test, save, search', async () => {
    const configFile = join(work, `${demo.jwt.enterpriseId}_${demo.jwtKey.publicKeyId}_config.json`);
    writeFileSync(configFile, boxConfigJson(demo.jwt, demo.jwtKey));
    const damagedFile = join(work, 'damaged_config.json');
    writeFileSync(damagedFile, boxConfigJson(demo.jwt, { ...demo.jwtKey, passphrase: 'not-the-passphrase' }));
    await openWizard('Box — JWT', 'box-jwt');
    await page.getByLabel('Connection name').fill('Box JWT');
    const picker = page.getByLabel('Box app config.json');

    // A file whose passphrase does not open the key is refused at import, before any test.
    await picker.setInputFiles(damagedFile);
    const refused = page.getByRole('alert').filter({ hasText: 'cannot be opened' });
    await eventually(() => refused.count()).toBe(1);
    expect(await refused.getByRole('button', { name: 'Go to step 7: Import config.json' }).count()).toBe(1);
    expect(await refused.textContent()).not.toContain('not-the-passphrase');
    await screenshot(page, 'box-jwt-refused');

    await picker.setInputFiles(configFile);
    const found = page.getByRole('status').filter({ hasText: 'Found:' });
    await eventually(() => found.count()).toBe(1);
    expect(await refused.count()).toBe(0);
    expect(await found.textContent()).toBe(
      `Found: Client ID, Client secret, Public key ID, Private key, Passphrase, Enterprise ID — in ${demo.jwt.enterpriseId}_${demo.jwtKey.publicKeyId}_config.json.`,
    );
    await screenshot(page, 'box-jwt-imported');

    await page.getByRole('button', { name: 'Test connection' }).click();
    const report = page.getByRole('status').filter({ hasText: 'Connected to Box' });
    await eventually(() => report.count()).toBe(1);
    expect(await report.textContent()).toContain(serviceLogin('jwt'));
    await report.scrollIntoViewIfNeeded();
    await screenshot(page, 'box-jwt-tested');

    await page.getByRole('button', { name: 'Save connection' }).click();
    await eventually(() => page.getByText('Box JWT', { exact: true }).count()).toBe(1);
    // The key and its passphrase went to the vault, encrypted: neither is written in plain text.
    for (const name of ['settings.json', 'vault.json']) {
      const text = readFileSync(join(app.dataDir, name), 'utf8');
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain(demo.jwtKey.passphrase);
    }
    await searchFor('file');
    await searchOnly('Box JWT');
    await eventually(() => chip('Box JWT').textContent()).toMatch(/Live|Up to date/);
    await eventually(() => sortedImageNames(page, 'Box JWT')).toEqual([...demo.sharedImages, ...demo.notYetSearchable].sort());
    await eventually(() => thumbnailsShown('Box JWT')).toBe(demo.sharedImages.length + demo.notYetSearchable.length);
    await screenshot(page, 'box-jwt-search');
  });

  it('OAuth 2.0: save, sign in through the Box authorize page, search as the designer, sign out revokes', async () => {
    const port = await freePort();
    await openWizard('Box — OAuth 2.0', 'box-oauth');
    await page.getByLabel('Connection name').fill('Box OAuth');
    await page.getByLabel('Client ID').fill(demoCredentials.oauthClientId);
    await page.getByLabel('Client secret').fill(demoCredentials.oauthClientSecret);
    await page.getByLabel('Redirect port').fill(String(port));
    expect(await page.getByText(`http://127.0.0.1:${port}/callback`).count()).toBeGreaterThan(0);
    await screenshot(page, 'box-oauth-form');
    // Before anyone signed in, a test can only say so; the form says Sign in signs in and tests.
    expect(await page.getByText('Sign in opens Box in your browser and tests the connection as you; then save it.').count()).toBe(1);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const notSignedIn = page.getByRole('alert').filter({ hasText: 'Sign in before testing' });
    await eventually(() => notSignedIn.count()).toBe(1);
    await notSignedIn.scrollIntoViewIfNeeded();
    await screenshot(page, 'box-oauth-test-before-sign-in');

    const opened = app.next('OPEN_EXTERNAL');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const authorizeUrl = new URL(await opened);
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${box.accountUrl}/api/oauth2/authorize`);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/callback`);
    await screenshot(page, 'box-oauth-waiting');

    const boxPage = await browser.newPage({ viewport: { width: 900, height: 700 } });
    try {
      await boxPage.goto(authorizeUrl.toString());
      await screenshot(boxPage, 'box-oauth-authorize');
      await boxPage.getByRole('button', { name: 'Grant access to Box' }).click();
      await boxPage.waitForURL((url) => url.origin === `http://127.0.0.1:${port}`);
      await eventually(() => boxPage.textContent('body')).toContain('You are signed in');
      await screenshot(boxPage, 'box-oauth-callback');
    } finally {
      await boxPage.close();
    }
    // Signed in and tested as the designer, before anything is saved; then saved.
    await eventually(() =>
      page
        .getByRole('status')
        .filter({ hasText: `Signed in as ${demo.designer.login}` })
        .count(),
    ).toBe(1);
    await page.getByRole('button', { name: 'Save connection' }).click();

    const row = page.getByRole('listitem').filter({ hasText: 'Box OAuth' });
    await eventually(() => row.textContent()).toContain(`signed in as ${demo.designer.login}`);
    await screenshot(page, 'box-oauth-signed-in');

    await searchFor('file');
    await searchOnly('Box OAuth');
    await eventually(() => chip('Box OAuth').textContent()).toMatch(/Live|Up to date/);
    await eventually(() => sortedImageNames(page, 'Box OAuth')).toEqual([...demo.sharedImages, ...demo.notYetSearchable].sort());
    await eventually(() => thumbnailsShown('Box OAuth')).toBe(demo.sharedImages.length + demo.notYetSearchable.length);
    await screenshot(page, 'box-oauth-search');

    await page.getByRole('button', { name: 'Connections', exact: true }).click();
    expect(box.state.counters.revocations).toBe(0);
    await row.getByRole('button', { name: 'Sign out' }).click();
    await eventually(() => row.textContent()).toContain('not signed in');
    expect(box.state.counters.revocations).toBe(1);
    // The whole grant ended: no refresh token of the OAuth app is still usable.
    const live = [...box.state.refreshTokens.values()].filter((r) => r.clientId === demo.oauth.clientId && !r.used && !r.revoked);
    expect(live).toEqual([]);
    await screenshot(page, 'box-oauth-signed-out');
  });
});
