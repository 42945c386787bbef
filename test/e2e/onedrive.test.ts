import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confidentialRedirectUri } from '../../preload/redirect-uris';
import { freePort } from '../harness/free-port';
import { chromiumPath, hasChromium, launchBrowser, screenshot } from '../harness/browser';
import { startHeadlessApp, type HeadlessApp } from '../harness/headless-app';
import { appShown, gridImageNames, resultImages, sortedImageNames } from '../harness/skyhook-page';
import { isImageName } from '../../preload/image-types';
import { demo, seedDemo, type DemoSeed } from '../fakes/microsoft/demo-data';
import { startFakeMicrosoft, type FakeMicrosoft } from '../fakes/microsoft';

/**
 * OneDrive end to end: the real renderer in Chromium through the browser bridge, the real
 * main services in the headless app, and the fake Microsoft identity platform + Graph.
 * Sign-in is followed the way a person does it: the URL the app hands to the system
 * browser (SKYHOOK_OPEN_EXTERNAL) is opened in a second tab and the fake's own sign-in
 * form is filled in there.
 */

if (!hasChromium) console.warn(`Skipping the OneDrive end-to-end tests: no Chromium at ${chromiumPath} (apt-get install chromium).`);

/** Polls until the assertion holds; sign-ins and Graph round trips can take seconds on a busy machine. */
const eventually = <T>(value: () => T | Promise<T>) => expect.poll(value, { timeout: 15_000 });

/** `YYYY-MM-DD`, `days` from today (UTC), as a date input takes it. */
function isoDay(days: number): string {
  return new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

describe.runIf(hasChromium)('OneDrive connections in the browser', () => {
  let fake: FakeMicrosoft;
  let seed: DemoSeed;
  let app: HeadlessApp;
  let browser: Browser;
  let page: Page;

  const searchbox = () => page.getByRole('searchbox', { name: 'Search images' });
  const chip = (name: string) => page.getByRole('button', { name: new RegExp(`^${name}`) });
  const bytesOf = (name: string) => [...fake.state.items.values()].find((i) => i.name === name)?.bytes;

  /** Connections → Add connection → OneDrive → the last step, screenshotting each step on the way when asked. */
  async function openOneDriveWizard(shots?: string): Promise<void> {
    // Starts from the search panel whatever the previous test left open (a fresh load: the
    // app URL differs only in its fragment, which alone would not reload the page).
    await page.goto('about:blank');
    await page.goto(app.url);
    await appShown(page);
    await page.getByRole('button', { name: 'Connections', exact: true }).click();
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByRole('button', { name: 'OneDrive' }).click();
    if (!shots) {
      await page
        .getByRole('navigation', { name: 'Setup steps' })
        .getByRole('button', { name: /Connect$/ })
        .click();
      return;
    }
    for (let step = 1; ; step++) {
      await screenshot(page, `${shots}-step-${step}`);
      const next = page.getByRole('button', { name: 'Next' });
      if ((await next.count()) === 0) break;
      await next.click();
    }
    await page.getByRole('button', { name: 'Continue to connect' }).click();
  }

  /**
   * Signs a demo user in on the fake's pages in a second tab, as the system browser would;
   * returns the address the sign-in landed on (the app's loopback).
   */
  async function signInInBrowser(
    authorizeUrl: string,
    expectedTitle: RegExp,
    shots: string,
    user: string = demo.users.ada,
  ): Promise<string> {
    const tab = await browser.newPage({ viewport: { width: 900, height: 700 } });
    try {
      await tab.goto(authorizeUrl);
      await tab.getByLabel('Email, phone, or Skype').fill(user);
      await tab.getByLabel('Password').fill(demo.password);
      await screenshot(tab, `${shots}-ms-sign-in`);
      await tab.getByRole('button', { name: 'Sign in' }).click();
      const accept = tab.getByRole('button', { name: 'Accept' });
      const landed = tab.getByRole('heading', { name: expectedTitle });
      await eventually(async () => (await accept.count()) + (await landed.count())).toBeGreaterThan(0);
      if ((await accept.count()) > 0) {
        await screenshot(tab, `${shots}-ms-consent`);
        await accept.click();
      }
      await landed.waitFor();
      await screenshot(tab, `${shots}-signed-in-tab`);
      return tab.url();
    } finally {
      await tab.close();
    }
  }

  beforeAll(async () => {
    fake = await startFakeMicrosoft({
      seed: (state) => {
        seed = seedDemo(state);
        // Distinct modified times, in an order unlike the order the files were added in or their names (by their last letters).
        const files = [...state.items.values()].filter((item) => !item.folder);
        const backwards = (name: string) => [...name].reverse().join('');
        files.sort((a, b) => backwards(a.name).localeCompare(backwards(b.name)));
        files.forEach((item, i) => {
          item.modified = new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString();
        });
      },
    });
    // Each user consents once on the Accept page, as in a tenant without admin consent.
    const publicApp = fake.state.app(demo.publicClientId);
    if (publicApp) publicApp.consent = 'user';
    app = await startHeadlessApp({ SKYHOOK_MS_AUTHORITY_HOST: fake.authorityHost, SKYHOOK_GRAPH_URL: fake.graphUrl });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 860 } });
    await page.goto(app.url);
    await appShown(page);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await fake?.close();
    if (app) rmSync(app.dataDir, { recursive: true, force: true });
  });

  it('public client: wizard, sign-in on MSAL’s loopback, name-only search, drag-out of the served bytes', async () => {
    await openOneDriveWizard('onedrive-public');
    await page.getByLabel('Connection name').fill('Contoso OneDrive');
    await page.getByLabel('Tenant ID').fill(demo.tenantId);
    await page.getByLabel('Client ID').fill(demo.publicClientId);
    // Before anyone signs in, the test can only check the registration (a plain GET of the authorize page).
    await page.getByRole('button', { name: 'Test connection' }).click();
    await eventually(() => page.getByRole('status').textContent()).toContain(
      'The app registration is correct. Sign in to finish the test.',
    );
    await screenshot(page, 'onedrive-public-tested');

    const opened = app.next('OPEN_EXTERNAL');
    await page.getByRole('button', { name: 'Save connection' }).click();
    const authorizeUrl = new URL(await opened);
    expect(authorizeUrl.origin).toBe(fake.authorityHost);
    expect(authorizeUrl.pathname).toBe(`/${demo.tenantId}/oauth2/v2.0/authorize`);
    expect(authorizeUrl.searchParams.get('client_id')).toBe(demo.publicClientId);
    expect(authorizeUrl.searchParams.get('response_mode')).toBe('form_post');
    expect(authorizeUrl.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+\/?$/);
    await eventually(() => page.getByRole('status').textContent()).toContain('Finish signing in');
    await screenshot(page, 'onedrive-public-waiting');

    const landedOn = await signInInBrowser(authorizeUrl.toString(), /signed in to OneDrive/, 'onedrive-public');
    expect(new URL(landedOn).origin).toBe(new URL(authorizeUrl.searchParams.get('redirect_uri') ?? '').origin);
    const row = page.getByRole('listitem').filter({ hasText: 'Contoso OneDrive' });
    await eventually(() => row.textContent()).toContain(`signed in as ${demo.users.ada}`);
    await screenshot(page, 'onedrive-public-connections');

    await page.getByRole('button', { name: '← Search' }).click();
    // Samples turned themselves off when this first cloud connection arrived.
    expect(await chip('Samples').count()).toBe(0);
    await searchbox().fill('sunset');
    await eventually(() => chip('Contoso OneDrive').textContent()).toContain('2 images');
    // Graph also finds quarterly-report.png (by its content) and sunset-notes.docx (not an image).
    await eventually(() => sortedImageNames(page)).toEqual(['sunset-beach.jpg', 'sunset-city.png']);
    await screenshot(page, 'onedrive-public-search');

    const image = page.getByRole('img', { name: 'sunset-beach.jpg' });
    const dragged = app.next('DRAG');
    await image.dragTo(searchbox());
    const file = await dragged;
    expect(file.endsWith('sunset-beach.jpg')).toBe(true);
    expect(readFileSync(file).equals(bytesOf('sunset-beach.jpg') ?? Buffer.alloc(0))).toBe(true);

    // Graph lists nothing without words; once the drive's name index is complete, the home
    // screen (the field cleared) lists the drive's images from it, newest first.
    await eventually(() => chip('Contoso OneDrive').textContent()).toMatch(/Live|Up to date/);
    const newest = [...fake.state.items.values()]
      .filter((item) => item.driveId === seed.ada.driveId && !item.folder && isImageName(item.name))
      .sort((a, b) => Date.parse(b.modified) - Date.parse(a.modified))
      .map((item) => item.name);
    expect(newest.length).toBeGreaterThan(5);
    await searchbox().fill('');
    await eventually(() => gridImageNames(page)).toEqual(newest);
    expect(await chip('Contoso OneDrive').textContent()).toContain(`${newest.length} images`);
    // Their thumbnails come through the provider by item id, as for a search's hits.
    const thumbnailsShown = () =>
      resultImages(page).evaluateAll((imgs) => imgs.filter((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0).length);
    await eventually(thumbnailsShown).toBe(newest.length);
    // The recent searches drop down from the focused field over the chips.
    await searchbox().blur();
    await screenshot(page, 'onedrive-home');
  });

  it('client secret (Web platform): expiry warning in Connections, sign-in through our loopback on the registered port', async () => {
    const port = await freePort();
    fake.state.app(demo.webClientId)?.web.push(confidentialRedirectUri(port));
    const expiresOn = isoDay(12);

    await openOneDriveWizard();
    await page.getByLabel('Connection name').fill('Web app OneDrive');
    await page.getByLabel('Tenant ID').fill(demo.tenantId);
    await page.getByLabel('Client ID').fill(demo.webClientId);
    await page.getByRole('radio', { name: /^Web/ }).check();
    await page.getByLabel('Client secret').fill(demo.webClientSecret);
    await page.getByLabel('Secret expires on').fill(expiresOn);
    await page.getByLabel('Redirect port').fill(String(port));
    await eventually(() => page.getByText(confidentialRedirectUri(port)).count()).toBeGreaterThan(0);
    await screenshot(page, 'onedrive-web-form');

    const opened = app.next('OPEN_EXTERNAL');
    await page.getByRole('button', { name: 'Save connection' }).click();
    // Not signed in or tested yet: the wizard asks, then saves and opens the sign-in.
    await page.getByRole('dialog', { name: 'Save without a passing test?' }).getByRole('button', { name: 'Save anyway' }).click();
    const authorizeUrl = new URL(await opened);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(confidentialRedirectUri(port));
    expect(authorizeUrl.searchParams.get('state')).toBeTruthy();
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');

    expect(await signInInBrowser(authorizeUrl.toString(), /You are signed in/, 'onedrive-web')).toBe(confidentialRedirectUri(port));
    const row = page.getByRole('listitem').filter({ hasText: 'Web app OneDrive' });
    await eventually(() => row.textContent()).toContain(`signed in as ${demo.users.ada}`);
    expect(await row.textContent()).toContain(`The client secret expires on ${expiresOn} (in 12 days)`);
    await screenshot(page, 'onedrive-web-connections');

    // Switching account without signing out first: Microsoft's account picker, then Grace.
    const again = app.next('OPEN_EXTERNAL');
    await row.getByRole('button', { name: 'Switch account' }).click();
    await signInInBrowser(await again, /You are signed in/, 'onedrive-web-switch', demo.users.grace);
    await eventually(() => row.textContent()).toContain(`signed in as ${demo.users.grace}`);
    // Signing out forgets the account; "Sign in" on the row is offered again.
    await row.getByRole('button', { name: 'Sign out' }).click();
    await eventually(() => row.textContent()).toContain('not signed in');
    expect(await row.getByRole('button', { name: 'Sign in' }).count()).toBe(1);

    // The code was redeemed with the secret, for exactly the redirect URI our loopback listened on.
    const redeemed = fake.state.log.token.filter((t) => t.grantType === 'authorization_code' && t.clientId === demo.webClientId);
    const asExpected = {
      grantType: 'authorization_code',
      clientId: demo.webClientId,
      aadsts: 0,
      sentSecret: true,
      redirectUri: confidentialRedirectUri(port),
    };
    expect(redeemed).toEqual([asExpected, asExpected]);
    // Neither the secret nor any refresh token the fake issued is on disk in plain text (vault and MSAL cache are encrypted).
    const onDisk = readdirSync(app.dataDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'latin1'))
      .join('\n');
    expect(fake.state.refreshTokens.size).toBeGreaterThan(0);
    for (const secret of [demo.webClientSecret, ...fake.state.refreshTokens.keys()]) expect(onDisk.includes(secret)).toBe(false);
  });

  it('a wrong Client ID: "Test connection" names the fix and the step that has it', async () => {
    await openOneDriveWizard();
    await page.getByLabel('Connection name').fill('Typo');
    await page.getByLabel('Tenant ID').fill(demo.tenantId);
    await page.getByLabel('Client ID').fill('00000000-1111-2222-3333-444444444444');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Application (client) ID' });
    await eventually(() => alert.count()).toBe(1);
    expect(fake.state.log.authorize.at(-1)?.aadsts).toBe(700016);
    expect(await alert.textContent()).toContain(
      "Copy the Application (client) ID and the Directory (tenant) ID again from the app registration's Overview page",
    );
    const goTo = alert.getByRole('button', { name: /^Go to step \d+: / });
    expect(await goTo.textContent()).toBe('Go to step 5: Copy the IDs');
    await screenshot(page, 'onedrive-wrong-client-id');
    await goTo.click();
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('Step 5. Copy the IDs');
    await page.getByRole('button', { name: '← Connections' }).click();
    await page.getByRole('dialog', { name: 'Leave this setup?' }).getByRole('button', { name: 'Discard the setup' }).click();
  });

  it('a second instance limited to a parent folder searches only that folder, beside the first', async () => {
    await openOneDriveWizard();
    await page.getByLabel('Connection name').fill('Pictures only');
    await page.getByLabel('Tenant ID').fill(demo.tenantId);
    await page.getByLabel('Client ID').fill(demo.publicClientId);
    await page.getByText('Advanced').click();
    await page.getByLabel('Parent folder ID').fill(seed.folderId);
    await screenshot(page, 'onedrive-folder-form');
    const opened = app.next('OPEN_EXTERNAL');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByRole('dialog', { name: 'Save without a passing test?' }).getByRole('button', { name: 'Save anyway' }).click();
    await signInInBrowser(await opened, /signed in to OneDrive/, 'onedrive-folder');
    const row = page.getByRole('listitem').filter({ hasText: 'Pictures only' });
    await eventually(() => row.textContent()).toContain(`signed in as ${demo.users.ada}`);

    await page.getByRole('button', { name: '← Search' }).click();
    // Every demo .jpg matches by name; hero-banner.jpg lies outside Pictures, and the fake
    // returns it from the folder search anyway, as OneDrive for Business does.
    expect(fake.state.folderSearchLeaks).toBe(true);
    await searchbox().fill('jpg');
    for (const other of ['Web app OneDrive']) {
      if ((await chip(other).getAttribute('aria-pressed')) === 'true') await chip(other).click();
    }
    await eventually(() => chip('Pictures only').textContent()).toContain('3 images');
    await eventually(() => chip('Contoso OneDrive').textContent()).toContain('4 images');
    await screenshot(page, 'onedrive-two-instances');
    expect(fake.state.log.graph.some((r) => r.path.includes(`/items/${seed.folderId}/search(`))).toBe(true);

    await chip('Contoso OneDrive').click();
    await eventually(() => sortedImageNames(page)).toEqual(['mountain-lake.jpg', 'sunset-beach.jpg', 'team-offsite-2024.jpg']);
    await screenshot(page, 'onedrive-folder-search');
  });

  it('once signed in, the folder is picked by browsing instead of pasting its ID', async () => {
    await page.goto('about:blank');
    await page.goto(app.url);
    await appShown(page);
    await page.getByRole('button', { name: 'Connections', exact: true }).click();
    await page.getByRole('button', { name: 'Edit Pictures only' }).click();
    await page.getByRole('button', { name: 'Browse folders…' }).click();
    const picker = page.getByRole('group', { name: 'Folders' });
    await picker.getByRole('button', { name: /Pictures/ }).click();
    await picker.getByRole('button', { name: /Moodboard/ }).click();
    await screenshot(page, 'onedrive-folder-picker');
    await picker.getByRole('button', { name: 'Use “Moodboard”' }).click();
    const moodboard = [...fake.state.items.values()].find((i) => i.name === 'Moodboard' && i.folder);
    expect(await page.getByLabel('Parent folder ID').inputValue()).toBe(moodboard?.id);
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByRole('button', { name: '← Search' }).click();

    // Limited to Pictures it found sunset-beach.jpg too; Moodboard holds only sunset-city.png.
    await searchbox().fill('sunset');
    for (const other of ['Contoso OneDrive', 'Web app OneDrive']) {
      if ((await chip(other).getAttribute('aria-pressed')) === 'true') await chip(other).click();
    }
    await eventually(() => sortedImageNames(page)).toEqual(['sunset-city.png']);
  });
});
