import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionSummary, DeliveryList, DeliveryStartResult } from '../../preload/contract';
import { startFakeBox, type FakeBox, type FakeFolder } from '../fakes/box';
import { demoImage, seedDemo as seedBox, type DemoData } from '../fakes/box/demo';
import { startFakeMicrosoft, type FakeItem, type FakeMicrosoft } from '../fakes/microsoft';
import { demo, seedDemo as seedMicrosoft } from '../fakes/microsoft/demo-data';
import { chromiumPath, hasChromium, launchBrowser, screenshot } from '../harness/browser';
import { within } from '../harness/deadline';
import { printAppLogOnFailure, startHeadlessApp, type HeadlessApp } from '../harness/headless-app';
import { appShown, currentResults } from '../harness/skyhook-page';

/**
 * Delivery end to end (issue #16): two files, one over Box's 20 MB chunking threshold,
 * dropped onto a Box folder and a OneDrive folder. A browser cannot reveal where a dropped
 * file lives, so the drop overlay is shown with a synthetic drag and the upload itself goes
 * through the bridge's seam, `delivery.start` with local paths (in the app the paths come
 * from webUtils.getPathForFile on the real drop). The queue panel shows progress from
 * events, the files appear in results at once, and the fakes hold exactly their bytes.
 */

if (!hasChromium) console.warn(`Skipping the delivery end-to-end test: no Chromium at ${chromiumPath} (apt-get install chromium).`);

// Below the test's own timeout, so a wait that never ends fails with what it waited for.
const eventually = <T>(value: () => T | Promise<T>) => expect.poll(value, { timeout: 60_000, interval: 100 });

describe.runIf(hasChromium)('delivering files back to Box and OneDrive', () => {
  let box: FakeBox;
  let boxDemo: DemoData;
  let boxFolder: FakeFolder;
  let ms: FakeMicrosoft;
  let msFolder: FakeItem;
  let app: HeadlessApp;
  let browser: Browser;
  let page: Page;
  let work: string;
  const files: Record<string, Buffer> = {};

  /** One bridge call from the page, as the renderer makes them. */
  async function bridge<T>(channel: string, input: unknown): Promise<T> {
    const result = await within(
      page.evaluate(
        async ([c, i]) => (window as unknown as { skyhook: Record<string, (x: unknown) => Promise<unknown>> }).skyhook[c as string]!(i),
        [channel, input] as const,
      ),
      60_000,
      `the bridge call ${channel}`,
    );
    const typed = result as { ok: boolean; value?: T; error?: { message: string } };
    if (!typed.ok) throw new Error(`${channel}: ${typed.error?.message}`);
    return typed.value as T;
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'skyhook-delivery-e2e-'));
    files['campaign-hero.png'] = Buffer.from(await demoImage('campaign-hero.png', 2));
    files['campaign-master.tif'] = randomBytes(22 * 1024 * 1024);
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(work, name), bytes);

    box = await startFakeBox();
    boxDemo = await seedBox(box.state);
    boxFolder = box.state.addFolder({ name: 'Final art', ownerId: boxDemo.designer.id, sharedWith: [boxDemo.ccg.serviceAccountId] });
    // Far away: progress has time to show.
    box.state.latencyMs = 150;
    ms = await startFakeMicrosoft({ seed: (state) => void seedMicrosoft(state) });
    const ada = ms.state.userByName(demo.users.ada)!;
    msFolder = ms.state.addFolder(ada, 'Deliveries');

    app = await startHeadlessApp({
      SKYHOOK_BOX_API_URL: box.apiUrl,
      SKYHOOK_BOX_ACCOUNT_URL: box.accountUrl,
      SKYHOOK_BOX_APP_URL: box.appUrl,
      SKYHOOK_MS_AUTHORITY_HOST: ms.authorityHost,
      SKYHOOK_GRAPH_URL: ms.graphUrl,
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(app.url);
    await appShown(page);
  });

  printAppLogOnFailure(() => app);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await box?.close();
    await ms?.close();
    if (app) rmSync(app.dataDir, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('drops two files onto a Box folder and a OneDrive folder: progress, results at once, the same bytes', async () => {
    // An admin turned delivery on for both connections (the wizard step is covered by its own tests).
    const boxConnection = await bridge<ConnectionSummary>('connections.save', {
      kind: 'box-ccg',
      name: 'Box Deliveries',
      config: {
        clientId: boxDemo.ccg.clientId,
        subjectType: 'enterprise',
        subjectId: boxDemo.ccg.enterpriseId,
        delivery: true,
        deliveryFolderId: boxFolder.id,
      },
      secrets: { clientSecret: boxDemo.ccg.clientSecret },
    });
    const oneDrive = await bridge<ConnectionSummary>('connections.save', {
      kind: 'onedrive',
      name: 'Contoso OneDrive',
      config: {
        tenantId: demo.tenantId,
        clientId: demo.publicClientId,
        cloud: 'global',
        mode: 'public',
        delivery: true,
        deliveryFolderId: msFolder.id,
      },
      secrets: {},
    });
    // Ada signs in once; delivery asks Microsoft for Files.ReadWrite.All.
    const opened = app.next('OPEN_EXTERNAL');
    const signedIn = bridge('connections.signIn', { id: oneDrive.id });
    const authorize = new URL(await opened);
    expect(authorize.searchParams.get('scope')).toContain('Files.ReadWrite.All');
    const tab = await browser.newPage();
    await tab.goto(authorize.toString());
    await tab.getByLabel('Email, phone, or Skype').fill(demo.users.ada);
    await tab.getByLabel('Password').fill(demo.password);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    // Microsoft answers Sign in with its consent page or, once consented, the redirect: wait for
    // one of them (the load state right after the click can still be the sign-in page's).
    const accept = tab.getByRole('button', { name: 'Accept' });
    const landed = tab.getByText('You are signed in');
    await expect.poll(async () => (await accept.count()) + (await landed.count())).toBeGreaterThan(0);
    if ((await accept.count()) > 0) await accept.click();
    await within(signedIn, 60_000, 'Ada’s OneDrive sign-in after the redirect');
    await tab.close();
    await page.goto('about:blank');
    await page.goto(app.url);
    await appShown(page);
    for (const name of ['Box Deliveries', 'Contoso OneDrive']) await page.locator('.chip-name', { hasText: name }).waitFor();

    // Files dragged in from the desktop: the overlay names each connection's delivery folder.
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['x'], 'campaign-hero.png', { type: 'image/png' }));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true }));
    });
    const overlay = page.getByRole('dialog', { name: 'Drop to upload' });
    await eventually(() => overlay.getByRole('region', { name: 'Upload to Box Deliveries' }).textContent()).toContain('into “Final art”');
    await eventually(() => overlay.getByRole('region', { name: 'Upload to Contoso OneDrive' }).textContent()).toContain(
      'into “Deliveries”',
    );
    await screenshot(page, 'delivery-drop-overlay');
    await page.evaluate(() => window.dispatchEvent(new DragEvent('drop', { bubbles: true })));
    await expect.poll(() => overlay.count()).toBe(0);

    // The bridge's seam: the paths a real drop would have given.
    const paths = Object.keys(files).map((name) => join(work, name));
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      window.skyhook.on('delivery.progress', (update) => {
        for (const job of update.jobs)
          if (job.state === 'uploading' && job.sentBytes > 0 && job.sentBytes < job.size) seen.push(job.sentBytes);
      });
    });
    const toBox = await bridge<DeliveryStartResult>('delivery.start', { connectionId: boxConnection.id, paths });
    const toOneDrive = await bridge<DeliveryStartResult>('delivery.start', { connectionId: oneDrive.id, paths });
    expect([toBox.queued.length, toOneDrive.queued.length, toBox.refused.length]).toEqual([2, 2, 0]);

    const panel = page.getByRole('region', { name: 'Uploads' });
    await eventually(() => panel.getByRole('progressbar', { name: 'Upload of campaign-master.tif' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'delivery-uploading');
    await eventually(() => panel.getByRole('status').textContent()).toBe('4 of 4 files · 100%');
    expect(await panel.locator('.delivery-failed').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen.length)).toBeGreaterThan(0);
    await expect.poll(() => panel.getByRole('button', { name: 'Open in Box' }).count()).toBe(2);
    await expect.poll(() => panel.getByRole('button', { name: 'Open in OneDrive' }).count()).toBe(2);
    await screenshot(page, 'delivery-done');

    // The bytes at each service are the files.
    for (const [name, bytes] of Object.entries(files)) {
      const inBox = box.state.childrenOf(boxFolder.id).files.find((f) => f.name === name);
      expect(inBox && Buffer.from(inBox.bytes).equals(bytes), `Box has ${name}`).toBe(true);
      const inDrive = [...ms.state.items.values()].find((i) => i.parentId === msFolder.id && i.name === name);
      expect(inDrive?.bytes.equals(bytes), `OneDrive has ${name}`).toBe(true);
    }

    // In results at once, although Box has not indexed them for search yet.
    await page.getByRole('searchbox', { name: 'Search images' }).fill('campaign');
    const tile = (source: string, name: string) =>
      currentResults(page, 'campaign')
        .getByRole('gridcell')
        .filter({ has: page.locator('.tile-source', { hasText: new RegExp(`^${source}$`) }) })
        .filter({ has: page.locator(`.tile-name[title="${name}"]`) });
    for (const name of Object.keys(files)) {
      await eventually(() => tile('Box Deliveries', name).count()).toBe(1);
      await eventually(() => tile('Contoso OneDrive', name).count()).toBe(1);
    }
    await screenshot(page, 'delivery-in-results');

    // "Open in Box" goes to the file's page.
    const link = app.next('OPEN_EXTERNAL');
    await panel.getByRole('button', { name: 'Open in Box' }).first().click();
    expect(await link).toMatch(new RegExp(`^${box.appUrl}/file/\\d+$`));
  });

  it('drops a file onto a folder while browsing, and onto a connection chip; Upload files… uses the file dialog; the bytes arrive', async () => {
    const handoff = box.state.addFolder({ name: 'Handoff', ownerId: boxDemo.designer.id, sharedWith: [boxDemo.ccg.serviceAccountId] });
    const week = box.state.addFolder({
      name: 'Week 12',
      ownerId: boxDemo.designer.id,
      parentId: handoff.id,
      sharedWith: [boxDemo.ccg.serviceAccountId],
    });
    const ccg = { clientId: boxDemo.ccg.clientId, subjectType: 'enterprise', subjectId: boxDemo.ccg.enterpriseId };
    await bridge('connections.save', {
      kind: 'box-ccg',
      name: 'Studio Box',
      config: { ...ccg, delivery: true, deliveryFolderId: handoff.id },
      secrets: { clientSecret: boxDemo.ccg.clientSecret },
    });
    await bridge('connections.save', {
      kind: 'box-ccg',
      name: 'Archive Box',
      config: { ...ccg, delivery: true },
      secrets: { clientSecret: boxDemo.ccg.clientSecret },
    });
    const dropped = {
      'week-12-master.tif': randomBytes(21 * 1024 * 1024),
      'chip-drop.png': Buffer.from(await demoImage('chip-drop.png', 3)),
      'picked.png': Buffer.from(await demoImage('picked.png', 4)),
    };
    for (const [name, bytes] of Object.entries(dropped)) writeFileSync(join(work, name), bytes);
    await page.goto('about:blank');
    await page.goto(app.url);
    await appShown(page);
    const panel = page.getByRole('region', { name: 'Uploads' });
    // The queue shows this drop alone: the earlier test's finished uploads are cleared once the
    // fresh page has them listed (right after the load its list is still on its way).
    const { totals: earlier } = await bridge<DeliveryList>('delivery.list', {});
    if (earlier.finished > 0) {
      await panel.getByRole('button', { name: 'Clear finished' }).click();
      await eventually(() => panel.getByRole('listitem').count()).toBe(0);
    }

    /** Files dragged in from the desktop, each given the path Finder would give (the bridge's seam). */
    const dragIn = (name: string) =>
      page.evaluate(
        ([file, path]) => {
          const data = new DataTransfer();
          const dropped = new File(['x'], file!, { type: 'application/octet-stream' });
          (window as unknown as { skyhookBridgeDrop: (f: File, p: string) => void }).skyhookBridgeDrop(dropped, path!);
          data.items.add(dropped);
          (window as unknown as { dragData: DataTransfer }).dragData = data;
          document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }));
        },
        [name, join(work, name)] as const,
      );
    /** The pointer moves onto `selector` and lets go there. */
    const dragOnto = (selector: string, drop: boolean) =>
      page.evaluate(
        ([target, andDrop]) => {
          const element = document.querySelector(target!)!;
          const data = (window as unknown as { dragData: DataTransfer }).dragData;
          for (const type of andDrop ? ['dragenter', 'dragover', 'drop'] : ['dragenter', 'dragover']) {
            element.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
          }
        },
        [selector, drop] as const,
      );
    const overlay = page.getByRole('dialog', { name: 'Drop to upload' });
    const chip = (name: string) => page.locator('.chip', { has: page.locator('.chip-name', { hasText: new RegExp(`^${name}$`) }) });

    // A folder of the browser: the overlay names it, the drop uploads into it.
    await page.getByRole('combobox', { name: "Browse a connection's folders" }).selectOption({ label: 'Studio Box' });
    await page.getByRole('list', { name: 'Folders' }).getByRole('button', { name: 'Handoff' }).click();
    await page.getByRole('list', { name: 'Folders' }).getByRole('button', { name: 'Week 12' }).waitFor();
    await dragIn('week-12-master.tif');
    await overlay.waitFor();
    await page.evaluate(() => document.querySelector('.browse-folders button')?.setAttribute('data-test-target', 'week'));
    await dragOnto('[data-test-target="week"]', false);
    await eventually(() => overlay.getByRole('status').textContent()).toBe('Drop to upload into “Week 12” (Studio Box)');
    await screenshot(page, 'delivery-drop-on-folder');
    await dragOnto('[data-test-target="week"]', true);
    await expect.poll(() => overlay.count()).toBe(0);
    await eventually(() => panel.getByRole('progressbar', { name: 'Upload of week-12-master.tif' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'delivery-folder-uploading');
    await eventually(() => panel.getByRole('listitem', { name: 'week-12-master.tif' }).locator('.delivery-where').textContent()).toBe(
      '→ Week 12',
    );

    // The chips: one names its delivery folder and takes the drop; one says what an admin still has to set up.
    await dragIn('chip-drop.png');
    await eventually(() => chip('Studio Box').locator('.chip-drop').textContent()).toBe('into “Handoff”');
    await eventually(() => chip('Archive Box').locator('.chip-drop').textContent()).toBe(
      'An admin picks a delivery folder in the connection’s settings (step “Deliver files back”).',
    );
    expect(await overlay.getByRole('region', { name: 'Upload to Archive Box' }).textContent()).toContain(
      'Archive Box has no delivery folder yet.',
    );
    await page.evaluate(() => {
      const chips = [...document.querySelectorAll('.chip')];
      chips.find((c) => c.querySelector('.chip-name')?.textContent === 'Studio Box')?.setAttribute('data-test-target', 'studio');
    });
    await dragOnto('[data-test-target="studio"]', false);
    await eventually(() => overlay.getByRole('status').textContent()).toBe('Drop to upload into “Handoff” (Studio Box)');
    await screenshot(page, 'delivery-drop-on-chip');
    await dragOnto('[data-test-target="studio"]', true);
    await expect.poll(() => overlay.count()).toBe(0);

    // Upload files…: the file dialog (the terminal answers it in the bridge), then the same upload.
    const question = app.next('PICK_FILES');
    await page.getByRole('combobox', { name: 'Upload files to a connection' }).selectOption({ label: 'Studio Box › Handoff' });
    app.answerFiles(await question, [join(work, 'picked.png')]);

    await eventually(() => panel.getByRole('status').textContent()).toBe('3 of 3 files · 100%');
    expect(await panel.locator('.delivery-failed').count()).toBe(0);
    await screenshot(page, 'delivery-drop-done');
    const stored = (folder: FakeFolder, name: string) => box.state.childrenOf(folder.id).files.find((f) => f.name === name);
    expect(Buffer.from(stored(week, 'week-12-master.tif')!.bytes).equals(dropped['week-12-master.tif'])).toBe(true);
    expect(Buffer.from(stored(handoff, 'chip-drop.png')!.bytes).equals(dropped['chip-drop.png'])).toBe(true);
    expect(Buffer.from(stored(handoff, 'picked.png')!.bytes).equals(dropped['picked.png'])).toBe(true);
  });

  it('the wizard picks the delivery folder in the connection’s folders and shows it by path, the ID beside it', async () => {
    const folderNamed = (name: string) => [...box.state.folders.values()].find((f) => f.name === name)!;
    // The earlier tests' finished uploads stay listed: the panel stays over the pages.
    const uploads = page.getByRole('region', { name: 'Uploads' });
    expect(await uploads.getByRole('button', { name: 'Clear finished' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Connections', exact: true }).click();
    await page.getByRole('button', { name: 'Edit Studio Box' }).click();
    const delivery = page.getByRole('group', { name: 'Deliver files back' });
    // Saved with “Handoff”: main names it.
    await eventually(() => delivery.getByRole('status').textContent()).toBe('Delivery folder: Handoff');
    await delivery.getByRole('button', { name: 'Pick the delivery folder…' }).click();
    const folders = delivery.getByRole('group', { name: 'Folders' });
    // The top level is not a delivery folder.
    await folders.getByRole('button', { name: 'Open a folder to use it' }).waitFor();
    expect(await folders.getByRole('button', { name: 'Open a folder to use it' }).isDisabled()).toBe(true);
    await folders.getByRole('button', { name: 'Handoff' }).click();
    await folders.getByRole('button', { name: 'Week 12' }).click();
    await folders.getByRole('button', { name: 'Use “Week 12”' }).waitFor();
    await screenshot(page, 'delivery-wizard-pick-folder');
    await folders.getByRole('button', { name: 'Use “Week 12”' }).click();
    expect(await delivery.getByRole('status').textContent()).toBe('Delivery folder: Handoff › Week 12');
    expect(await delivery.getByLabel('Delivery folder ID').inputValue()).toBe(folderNamed('Week 12').id);
    await screenshot(page, 'delivery-wizard-folder-picked');
    // Scrolled to the end, the page's last buttons sit above the uploads panel, not under it.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const saveBox = await page.getByRole('button', { name: 'Save connection' }).boundingBox();
    const uploadsBox = await uploads.boundingBox();
    expect(saveBox!.y + saveBox!.height).toBeLessThanOrEqual(uploadsBox!.y);
    await screenshot(page, 'delivery-wizard-above-uploads');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByRole('button', { name: 'Edit Studio Box' }).waitFor();
    const saved = (await bridge<ConnectionSummary[]>('connections.list', {})).find((c) => c.name === 'Studio Box');
    expect(saved?.config).toMatchObject({ delivery: true, deliveryFolderId: folderNamed('Week 12').id });
  });

  it('an IT policy that forbids delivery: the switch is locked with the reason, nothing offers uploads, main refuses them', async () => {
    const policyFile = join(work, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ format: 'skyhook-policy', version: 1, allowDelivery: false }));
    const locked = await startHeadlessApp({
      SKYHOOK_POLICY_FILE: policyFile,
      SKYHOOK_BOX_API_URL: box.apiUrl,
      SKYHOOK_BOX_ACCOUNT_URL: box.accountUrl,
      SKYHOOK_BOX_APP_URL: box.appUrl,
    });
    const tab = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    try {
      await tab.goto(locked.url);
      await appShown(tab);
      const saved = await tab.evaluate(
        async (input) =>
          (window as unknown as { skyhook: Record<string, (x: unknown) => Promise<{ ok: boolean; value?: ConnectionSummary }>> }).skyhook[
            'connections.save'
          ]!(input),
        {
          kind: 'box-ccg',
          name: 'Locked Box',
          config: {
            clientId: boxDemo.ccg.clientId,
            subjectType: 'enterprise',
            subjectId: boxDemo.ccg.enterpriseId,
            delivery: true,
            deliveryFolderId: boxFolder.id,
          },
          secrets: { clientSecret: boxDemo.ccg.clientSecret },
        },
      );
      expect(saved.ok).toBe(true);
      await tab.reload();
      await appShown(tab);
      await tab.locator('.chip-name', { hasText: 'Locked Box' }).waitFor();
      expect(await tab.getByRole('combobox', { name: 'Upload files to a connection' }).count()).toBe(0);
      await tab.evaluate(() => {
        const data = new DataTransfer();
        data.items.add(new File(['x'], 'art.png', { type: 'image/png' }));
        document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true }));
      });
      expect(await tab.getByRole('dialog', { name: 'Drop to upload' }).count()).toBe(0);
      expect(await tab.locator('.drop-ready').count()).toBe(0);

      await tab.getByRole('button', { name: 'Connections', exact: true }).click();
      await tab.getByRole('button', { name: 'Edit Locked Box' }).click();
      const delivery = tab.getByRole('group', { name: 'Deliver files back' });
      const toggle = delivery.getByRole('checkbox', { name: 'Let designers upload finished files to this connection' });
      await toggle.waitFor();
      expect([await toggle.isDisabled(), await toggle.isChecked()]).toEqual([true, false]);
      expect(await delivery.textContent()).toContain(
        `Your organisation's IT policy turns uploading off on this computer ("allowDelivery": false in ${policyFile}).`,
      );
      await toggle.scrollIntoViewIfNeeded();
      await screenshot(tab, 'delivery-wizard-policy-locked');

      const refused = await tab.evaluate(
        async (input) =>
          (window as unknown as { skyhook: Record<string, (x: unknown) => Promise<{ ok: boolean; error?: { message: string } }>> }).skyhook[
            'delivery.start'
          ]!(input),
        { connectionId: saved.value!.id, paths: [join(work, 'picked.png')] },
      );
      expect(refused).toMatchObject({ ok: false, error: { message: 'Your organisation does not allow uploading files from Skyhook.' } });
    } finally {
      await tab.close();
      await locked.stop();
      rmSync(locked.dataDir, { recursive: true, force: true });
    }
  });
});
