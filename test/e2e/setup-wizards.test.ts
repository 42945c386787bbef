import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionKinds, type ConnectionKind, type StepId } from '../../preload/connection-kinds';
import { startFakeBox, type FakeBox } from '../fakes/box';
import { demoCredentials, seedDemo, type DemoData } from '../fakes/box/demo';
import { startFakeMicrosoft, type FakeMicrosoft } from '../fakes/microsoft';
import { demo as msDemo, seedDemo as seedMicrosoft } from '../fakes/microsoft/demo-data';
import { seriousViolations, screenshotsAllWays } from '../harness/axe';
import { freePort } from '../harness/free-port';
import { chromiumPath, hasChromium, launchBrowser, screenshot } from '../harness/browser';
import { appShown } from '../harness/skyhook-page';
import { startHeadlessApp, type HeadlessApp } from '../harness/headless-app';

/**
 * An admin's setup as it really goes (issue #15, items 8–12): every missing field listed at
 * once, failed tests that cannot be missed, a setup left at the admin-approval step and
 * resumed in a later session, sign-ins that are denied or whose tab was closed, "Sign in"
 * before saving, and each row's health and Test button. Keyboard focus and axe on the way.
 */

if (!hasChromium) console.warn(`Skipping the setup wizard end-to-end tests: no Chromium at ${chromiumPath} (apt-get install chromium).`);

/** A step's number as the wizard shows it (steps come from the kind's descriptor). */
const stepOf = (kind: ConnectionKind, id: StepId) => (connectionKinds[kind].steps as readonly string[]).indexOf(id) + 1;
const ccgSteps = connectionKinds['box-ccg'].steps.length + 1;

const eventually = <T>(value: () => T | Promise<T>) => expect.poll(value, { timeout: 15_000 });

describe.runIf(hasChromium)('setting up connections as an admin', () => {
  let box: FakeBox;
  let microsoft: FakeMicrosoft;
  let demo: DemoData;
  let app: HeadlessApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      return {
        tag: el?.tagName.toLowerCase() ?? '',
        text: el?.textContent?.trim() ?? '',
        inOutcome: el?.closest('.outcome-area') !== null,
      };
    });
  // A field by its label, "(optional)" or not (a saved or kept secret need not be typed again).
  const field = (label: string) => page.getByLabel(new RegExp(`^${label}( \\(optional\\))?$`));
  const nav = () => page.getByRole('navigation', { name: 'Setup steps' });
  const row = (name: string) => page.getByRole('listitem').filter({ has: page.getByText(name, { exact: true }) });

  /**
   * The sign-in tab is closed only once the provider's redirect has reached Skyhook's
   * loopback page, as a person does when it says so: closed right after the click, the
   * redirect may never be followed and the sign-in waits for good.
   */
  async function closeOnceSignedIn(tab: Page): Promise<void> {
    await eventually(() => tab.textContent('body')).toContain('You are signed in');
    await tab.close();
  }

  async function toConnections(): Promise<void> {
    await page.goto('about:blank');
    await page.goto(app.url);
    await appShown(page);
    await page.getByRole('button', { name: 'Connections', exact: true }).click();
  }

  beforeAll(async () => {
    box = await startFakeBox();
    demo = await seedDemo(box.state);
    microsoft = await startFakeMicrosoft({ seed: (state) => void seedMicrosoft(state) });
    // Each person consents on the Accept page (a tenant without admin consent), where they can also Cancel.
    const publicApp = microsoft.state.app(msDemo.publicClientId);
    if (publicApp) publicApp.consent = 'user';
    app = await startHeadlessApp({
      SKYHOOK_BOX_API_URL: box.apiUrl,
      SKYHOOK_BOX_ACCOUNT_URL: box.accountUrl,
      SKYHOOK_BOX_APP_URL: box.appUrl,
      SKYHOOK_MS_AUTHORITY_HOST: microsoft.authorityHost,
      SKYHOOK_GRAPH_URL: microsoft.graphUrl,
    });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
    page = await context.newPage();
    await page.goto(app.url);
    await appShown(page);
  });

  afterAll(async () => {
    await browser?.close();
    expect(await app?.stop()).toBe(0);
    await box?.close();
    await microsoft?.close();
  });

  it('Client Credentials: prerequisites and console buttons, ✓ on finished steps, the admin request, a draft kept across sessions with its secret in the vault', async () => {
    await toConnections();
    // Every view change puts the focus on the new page's heading; every view has one main landmark.
    await eventually(focused).toMatchObject({ tag: 'h1', text: 'Connections' });
    expect(await page.getByRole('main').count()).toBe(1);
    await page.getByRole('button', { name: 'Add connection' }).click();
    await eventually(focused).toMatchObject({ tag: 'h1', text: 'Add a connection' });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Box — Client Credentials' }).click();
    await eventually(focused).toMatchObject({ tag: 'h1' });

    const before = page.getByRole('region', { name: 'Before you start' });
    expect(await before.textContent()).toContain('Box Business plan or above');
    expect(await before.textContent()).toContain('Enterprise admin');
    expect(await before.textContent()).toContain('Developer Console');
    await screenshotsAllWays(page, 'setup-ccg-before-you-start');
    expect(await seriousViolations(page)).toEqual([]);

    const opened = app.next('OPEN_EXTERNAL');
    await page.getByRole('button', { name: 'Open the Developer Console' }).click();
    expect(await opened).toBe('https://app.box.com/developers/console');

    // Next moves the focus to the new step's heading (and a polite live region says which step).
    const admin = stepOf('box-ccg', 'admin-authorize');
    for (let i = 1; i < admin; i++) await page.getByRole('button', { name: 'Next', exact: true }).click();
    await eventually(focused).toMatchObject({ tag: 'h2', text: `Step ${admin}. Have your Box admin authorize the app` });
    expect(await page.locator('[aria-live="polite"].visually-hidden').textContent()).toBe(
      `Step ${admin} of ${ccgSteps}: Have your Box admin authorize the app`,
    );
    for (let i = 1; i < admin; i++)
      expect(
        await nav()
          .getByRole('button', { name: new RegExp(`^Step ${i}, done:`) })
          .count(),
      ).toBe(1);
    expect(
      await nav()
        .getByRole('button', { name: new RegExp(`^Step ${admin}:`) })
        .getAttribute('aria-current'),
    ).toBe('step');

    // The admin needs the Client ID a step before the secret: asked for here, saying where it is.
    const clientId = field('Client ID');
    expect(await page.getByText('Developer Console › your app › Configuration tab › OAuth 2.0 Credentials › Client ID').count()).toBe(1);
    await clientId.fill(demoCredentials.ccgClientId);
    await page.getByRole('button', { name: 'Copy request for your Box admin' }).click();
    const request = await page.evaluate(() => navigator.clipboard.readText());
    expect(request).toContain(`Client ID: ${demoCredentials.ccgClientId}`);
    expect(request).toContain('Read all files and folders stored in Box');
    expect(request).toContain('Custom Apps Manager');
    const adminConsole = app.next('OPEN_EXTERNAL');
    await page.getByRole('button', { name: 'Open the Admin Console' }).click();
    expect(await adminConsole).toBe('https://app.box.com/master/custom-apps');
    await screenshotsAllWays(page, 'setup-ccg-admin-step');
    expect(await seriousViolations(page)).toEqual([]);

    // Jump to the form, type the name and the secret, then leave: asked, and the draft is kept.
    await nav()
      .getByRole('button', { name: /Connect$/ })
      .click();
    await field('Connection name').fill('Box — Marketing');
    await field('Client secret').fill(demoCredentials.ccgClientSecret);
    await nav()
      .getByRole('button', { name: /Have your Box admin authorize the app$/ })
      .click();
    await page.getByRole('button', { name: '← Connections' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave this setup?' });
    await leave.waitFor();
    expect(await seriousViolations(page, 'dialog')).toEqual([]);
    await screenshot(page, 'setup-ccg-leave-dialog');
    await leave.getByRole('button', { name: 'Keep the draft and leave' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();

    // A later session (a fresh page load): the setup waits for the admin, resumable from here.
    await toConnections();
    const setup = page.getByRole('region', { name: 'Setups in progress' });
    await eventually(() => setup.textContent()).toContain(
      `Setup in progress: step ${stepOf('box-ccg', 'admin-authorize')} of ${ccgSteps}, waiting for your Box admin`,
    );
    // Settings and secret are kept apart: the file has no secret, the vault holds it encrypted.
    const draftsFile = readFileSync(join(app.dataDir, 'setup-drafts.json'), 'utf8');
    expect(draftsFile).toContain(demoCredentials.ccgClientId);
    expect(draftsFile).not.toContain(demoCredentials.ccgClientSecret);
    expect(readFileSync(join(app.dataDir, 'vault.json'), 'utf8')).not.toContain(demoCredentials.ccgClientSecret);
    expect(Object.keys(JSON.parse(readFileSync(join(app.dataDir, 'vault.json'), 'utf8')) as object)).toContain(
      'draft/box-ccg/clientSecret',
    );
    await screenshotsAllWays(page, 'setup-connections-in-progress');
    expect(await seriousViolations(page)).toEqual([]);

    await setup.getByRole('button', { name: 'Resume Box — Client Credentials (Box — Marketing) setup' }).click();
    await page
      .getByRole('heading', { level: 2, name: `Step ${stepOf('box-ccg', 'admin-authorize')}. Have your Box admin authorize the app` })
      .waitFor();
    expect(await field('Client ID').inputValue()).toBe(demoCredentials.ccgClientId);
    await nav()
      .getByRole('button', { name: /Connect$/ })
      .click();
    // The secret was not sent back: the field is empty and says it is kept.
    expect(await field('Client secret').inputValue()).toBe('');
    expect(await field('Client secret').getAttribute('placeholder')).toBe('Kept with this setup — leave empty to keep it');
    await field('Enterprise ID').fill(box.state.enterpriseId);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const report = page.getByRole('status').filter({ hasText: 'Connected to Box' });
    await eventually(() => report.count()).toBe(1);
    await page.getByRole('button', { name: 'Save connection' }).click();

    // Saved after a passing test: no question; the row has its health and its own Test button.
    const saved = row('Box — Marketing');
    await eventually(() => saved.count()).toBe(1);
    const login = box.state.serviceAccount(demo.ccg).login;
    await eventually(() => saved.textContent()).toContain(`Connected as ${login} · ${demo.sharedImages.length} images · tested just now`);
    expect(await page.getByRole('region', { name: 'Setups in progress' }).count()).toBe(0);
    expect(
      Object.keys(JSON.parse(readFileSync(join(app.dataDir, 'vault.json'), 'utf8')) as object).filter((k) => k.startsWith('draft/')),
    ).toEqual([]);
    expect(await saved.getByRole('button', { name: 'Turn off Box — Marketing' }).count()).toBe(1);
    expect(await saved.getByRole('button', { name: 'Edit Box — Marketing' }).count()).toBe(1);
    expect(await saved.getByRole('button', { name: 'Test Box — Marketing' }).count()).toBe(1);
  });

  it('a failed test is focused and marks its fields; every missing field is listed in the form’s words; Enter never saves', async () => {
    await toConnections();
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByRole('button', { name: 'Box — Client Credentials' }).click();
    await nav()
      .getByRole('button', { name: /Connect$/ })
      .click();
    await page.getByRole('button', { name: 'Test connection' }).click();

    const issues = page.getByRole('alert').filter({ hasText: 'things to fix first' });
    await issues.waitFor();
    const listed = await issues.getByRole('listitem').allTextContents();
    expect(listed).toEqual([
      'Connection name: Give the connection a name.',
      'Client ID is required.',
      'Enterprise ID: Enterprise and user IDs are digits only.',
      'Client secret is required.',
    ]);
    // No internal keys ("(name)", "config.clientId") anywhere in what the admin reads.
    expect(await issues.textContent()).not.toMatch(/\(name\)|config\.|secrets\./);
    await eventually(focused).toMatchObject({ inOutcome: true });
    for (const label of ['Connection name', 'Client ID', 'Client secret', 'Enterprise ID'])
      expect(await field(label).getAttribute('aria-invalid')).toBe('true');
    await screenshotsAllWays(page, 'setup-ccg-missing-fields');
    expect(await seriousViolations(page)).toEqual([]);

    // Fixing a field takes it off the list at once.
    await field('Connection name').fill('Box — Studio');
    await eventually(() => issues.getByRole('listitem').count()).toBe(3);
    expect(await field('Connection name').getAttribute('aria-invalid')).toBeNull();

    await field('Client ID').fill(demoCredentials.ccgClientId);
    await field('Enterprise ID').fill(box.state.enterpriseId);
    await field('Client secret').fill('not-the-secret');
    // Enter in a field does not save (nor test): nothing is asked, nothing is added.
    await field('Client secret').press('Enter');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const failed = page.getByRole('alert').filter({ hasText: 'Box rejected the client secret' });
    await failed.waitFor();
    await eventually(focused).toMatchObject({ inOutcome: true });
    expect(
      await failed.getByRole('button', { name: `Go to step ${stepOf('box-ccg', 'credentials')}: Copy the IDs and the secret` }).count(),
    ).toBe(1);
    // The fields the failing step fills in are marked, with the reason beside them.
    expect(await field('Client secret').getAttribute('aria-invalid')).toBe('true');
    const described = await field('Client secret').getAttribute('aria-describedby');
    const inline = await page.locator(`[id="${described?.split(' ')[0]}"]`).textContent();
    expect(inline).toContain('Box rejected the client secret');
    await screenshotsAllWays(page, 'setup-ccg-failed-test');

    // Saving a setup whose last test failed asks first.
    await page.getByRole('button', { name: 'Save connection' }).click();
    const ask = page.getByRole('dialog', { name: 'Save without a passing test?' });
    await ask.waitFor();
    expect(await ask.textContent()).toContain('The last test failed: Box rejected the client secret');
    expect(await seriousViolations(page, 'dialog')).toEqual([]);
    await screenshot(page, 'setup-ccg-save-anyway-dialog');
    await ask.getByRole('button', { name: 'Go back and test' }).click();
    expect(await page.getByText('Box — Studio', { exact: true }).count()).toBe(0);

    // Leaving asks; discarding forgets the setup.
    await page.getByRole('button', { name: '← Connections' }).click();
    await page.getByRole('dialog', { name: 'Leave this setup?' }).getByRole('button', { name: 'Discard the setup' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
    expect(await page.getByRole('region', { name: 'Setups in progress' }).count()).toBe(0);
  });

  it('the row’s Test button records a failure as the row’s health', async () => {
    await toConnections();
    const saved = row('Box — Marketing');
    // The Box admin takes the app's authorization back: the next test says so on the row.
    const boxApp = box.state.apps.find((a) => a.clientId === demo.ccg.clientId);
    if (!boxApp) throw new Error('no CCG app in the demo');
    boxApp.authorizedByAdmin = false;
    box.state.expireAccessTokens();
    await saved.getByRole('button', { name: 'Test Box — Marketing' }).click();
    await eventually(() => saved.locator('.connection-health-problem').count()).toBe(1);
    expect(await saved.textContent()).toMatch(/· tested just now/);
    await screenshotsAllWays(page, 'setup-connections-health-problem');
    expect(await seriousViolations(page)).toEqual([]);

    // The Connections page's own dialogs pass the scan too.
    await saved.getByRole('button', { name: 'Share with team: Box — Marketing' }).click();
    const share = page.getByRole('dialog', { name: 'Share Box — Marketing with your team' });
    await share.waitFor();
    expect(await seriousViolations(page, 'dialog')).toEqual([]);
    await share.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Import profile' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await seriousViolations(page, 'dialog')).toEqual([]);
    await screenshot(page, 'setup-import-dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  });

  it('OAuth 2.0: a denied sign-in keeps the wizard open with Box’s reason; the page opens again; "Sign in" signs in and tests before saving', async () => {
    const port = await freePort();
    await toConnections();
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByRole('button', { name: 'Box — OAuth 2.0' }).click();
    await nav()
      .getByRole('button', { name: /Connect$/ })
      .click();
    await field('Connection name').fill('Box — Designer');
    await field('Client ID').fill(demoCredentials.oauthClientId);
    await field('Client secret').fill(demoCredentials.oauthClientSecret);
    await field('Redirect port').fill(String(port));

    // Denied on Box's page: the reason, the step to fix and "Try sign in again".
    let opened = app.next('OPEN_EXTERNAL');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const tab = await context.newPage();
    await tab.goto(await opened);
    await tab.getByRole('button', { name: 'Deny access' }).click();
    const denied = page.getByRole('alert').filter({ hasText: 'The user denied access to your application' });
    await eventually(() => denied.count()).toBe(1);
    await eventually(focused).toMatchObject({ inOutcome: true });
    expect(await denied.getByRole('button', { name: 'Try sign in again' }).count()).toBe(1);
    expect(await denied.getByRole('button', { name: `Go to step ${stepOf('box-oauth', 'sign-in')}: Sign in` }).count()).toBe(1);
    await screenshotsAllWays(page, 'setup-oauth-denied');
    expect(await seriousViolations(page)).toEqual([]);

    // Try again; the tab gets closed; "Open the sign-in page again" opens the same sign-in.
    opened = app.next('OPEN_EXTERNAL');
    await denied.getByRole('button', { name: 'Try sign in again' }).click();
    const first = new URL(await opened);
    await page.getByRole('button', { name: 'Open the sign-in page again' }).waitFor();
    await screenshot(page, 'setup-oauth-waiting');
    opened = app.next('OPEN_EXTERNAL');
    await page.getByRole('button', { name: 'Open the sign-in page again' }).click();
    const again = new URL(await opened);
    expect(again.toString()).toBe(first.toString());
    await tab.goto(again.toString());
    await tab.getByRole('button', { name: 'Grant access to Box' }).click();
    await closeOnceSignedIn(tab);

    const report = page.getByRole('status').filter({ hasText: `Signed in as ${demo.designer.login}` });
    await eventually(() => report.count()).toBe(1);
    const visible = /(\d+) images are visible/.exec((await report.textContent()) ?? '')?.[1];
    expect(Number(visible)).toBeGreaterThan(0);
    // Nothing is saved until Save: the sign-in waits in memory.
    expect(readFileSync(join(app.dataDir, 'settings.json'), 'utf8')).not.toContain('Box — Designer');
    await page.getByRole('button', { name: 'Save connection' }).click();
    const saved = row('Box — Designer');
    await eventually(() => saved.textContent()).toContain(`Connected as ${demo.designer.login} · ${visible} images · tested just now`);
    expect(await saved.textContent()).toContain(`signed in as ${demo.designer.login}`);
    expect(await saved.getByRole('button', { name: 'Sign out of Box — Designer' }).count()).toBe(1);
  });

  it('OneDrive: a cancelled sign-in and a declined consent (AADSTS65004) keep the wizard open; then Sign in tests as the account before saving', async () => {
    await toConnections();
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByRole('button', { name: 'OneDrive' }).click();
    const opened = app.next('OPEN_EXTERNAL');
    await page.getByRole('button', { name: 'Open the Azure portal' }).click();
    expect(await opened).toBe('https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade');
    await nav()
      .getByRole('button', { name: /Connect$/ })
      .click();
    await field('Connection name').fill('OneDrive — Studio');
    await field('Tenant ID').fill(msDemo.tenantId);
    await field('Client ID').fill(msDemo.publicClientId);

    // Cancelled while waiting: said so, with Try sign in again.
    let signInPage = app.next('OPEN_EXTERNAL');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await signInPage;
    await page.getByRole('button', { name: 'Cancel sign-in' }).click();
    const cancelled = page.getByRole('alert').filter({ hasText: 'The sign-in was cancelled.' });
    await eventually(() => cancelled.count()).toBe(1);
    expect(await cancelled.getByRole('button', { name: 'Try sign in again' }).count()).toBe(1);

    // Declined on Microsoft's consent page: Microsoft's code, what it means, the step.
    signInPage = app.next('OPEN_EXTERNAL');
    await cancelled.getByRole('button', { name: 'Try sign in again' }).click();
    const tab = await context.newPage();
    await tab.goto(await signInPage);
    await tab.getByLabel('Email, phone, or Skype').fill(msDemo.users.ada);
    await tab.getByLabel('Password').fill(msDemo.password);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('button', { name: 'Cancel' }).click();
    const declined = page.getByRole('alert').filter({ hasText: 'AADSTS65004' });
    await eventually(() => declined.count()).toBe(1);
    expect(await declined.textContent()).toContain('The permissions were declined in the browser.');
    expect(await declined.getByRole('button', { name: `Go to step ${stepOf('onedrive', 'sign-in')}: Sign in and test` }).count()).toBe(1);
    await eventually(focused).toMatchObject({ inOutcome: true });
    await screenshotsAllWays(page, 'setup-onedrive-declined');

    // Accepted this time: the test runs as Ada before anything is saved.
    signInPage = app.next('OPEN_EXTERNAL');
    await declined.getByRole('button', { name: 'Try sign in again' }).click();
    await tab.goto(await signInPage);
    await tab.getByLabel('Email, phone, or Skype').fill(msDemo.users.ada);
    await tab.getByLabel('Password').fill(msDemo.password);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('button', { name: 'Accept' }).click();
    await closeOnceSignedIn(tab);
    await eventually(() =>
      page
        .getByRole('status')
        .filter({ hasText: `Signed in as ${msDemo.users.ada}` })
        .count(),
    ).toBe(1);
    await page.getByRole('button', { name: 'Save connection' }).click();
    const saved = row('OneDrive — Studio');
    await eventually(() => saved.textContent()).toContain(`signed in as ${msDemo.users.ada}`);
    expect(await saved.textContent()).toContain(`Connected as ${msDemo.users.ada}`);
    expect(await saved.getByRole('button', { name: 'Switch account for OneDrive — Studio' }).count()).toBe(1);
  });
});
