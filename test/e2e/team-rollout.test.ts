import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SkyhookBridge } from '../../preload/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, screenshot } from '../harness/browser';
import { startHeadlessApp } from '../harness/headless-app';
import { appShown, sortedImageNames } from '../harness/skyhook-page';

const root = join(import.meta.dirname, '..', '..');
const nature = join(root, 'assets', 'samples', 'nature');
const scratch = mkdtempSync(join(tmpdir(), 'skyhook-rollout-'));

async function openConnections(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Connections', exact: true }).click();
  await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
}

describe.runIf(hasChromium)('team rollout in the browser bridge', () => {
  let browser: Browser;
  const apps: Array<{ stop(): Promise<number | null> }> = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const app of apps) expect(await app.stop()).toBe(0);
    rmSync(scratch, { recursive: true, force: true });
  });

  async function open(app: { url: string }): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, acceptDownloads: true });
    await page.goto(app.url);
    await appShown(page);
    return page;
  }

  describe('IT policy', () => {
    it('provisions a managed connection, hides Edit and Remove, and explains the lock on adding', async () => {
      const policyFile = join(scratch, 'policy.json');
      writeFileSync(
        policyFile,
        JSON.stringify({
          format: 'skyhook-policy',
          version: 1,
          allowNewConnections: false,
          connections: [{ id: 'nature-library', kind: 'local', name: 'Nature library', config: { folder: nature } }],
        }),
      );
      const app = await startHeadlessApp({ SKYHOOK_POLICY_FILE: policyFile });
      apps.push(app);
      const page = await open(app);

      await page.getByRole('searchbox', { name: 'Search images' }).fill('glacier');
      await expect.poll(() => page.getByRole('img', { name: 'glacier-blue.jpg' }).count()).toBeGreaterThan(0);

      await openConnections(page);
      const row = page.getByRole('listitem').filter({ hasText: 'Nature library' });
      await expect.poll(() => row.getByText('Managed', { exact: true }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Edit Nature library' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Remove Nature library' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Share with team: Nature library/ }).count()).toBe(0);

      const add = page.getByRole('button', { name: 'Add connection' });
      expect(await add.getAttribute('aria-disabled')).toBe('true');
      const noteId = await add.getAttribute('aria-describedby');
      expect(noteId).toBeTruthy();
      expect(await page.locator(`[id="${noteId}"]`).textContent()).toContain('Your organisation manages the connections on this computer');
      // Announced as disabled, so Playwright will not click it: a user still can, and nothing opens.
      await add.dispatchEvent('click');
      expect(await page.getByRole('heading', { name: 'Connections', level: 1 }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Import profile' }).getAttribute('aria-disabled')).toBe('true');
      await screenshot(page, 'team-rollout-policy-managed');

      // Nothing reaches main either: the wizard's save is refused there too.
      const refused = await page.evaluate(() =>
        window.skyhook['connections.save']({ kind: 'local', name: 'Sneaky', config: { folder: '/tmp' }, secrets: {} }),
      );
      expect(refused).toMatchObject({ ok: false, error: { code: 'connections_locked' } });
    });

    it('reports a malformed policy in the banner and applies none of it', async () => {
      const policyFile = join(scratch, 'broken-policy.json');
      writeFileSync(
        policyFile,
        JSON.stringify({ format: 'skyhook-policy', version: 1, allowNewConnections: false, connections: [{ id: 'x', kind: 'ftp' }] }),
      );
      const app = await startHeadlessApp({ SKYHOOK_POLICY_FILE: policyFile });
      apps.push(app);
      const page = await open(app);
      const banner = page.getByRole('alert').filter({ hasText: 'was not applied' });
      await expect.poll(() => banner.count()).toBe(1);
      expect(await banner.textContent()).toContain('ignored the whole file');
      await screenshot(page, 'team-rollout-policy-malformed');
      await openConnections(page);
      expect(await page.getByRole('button', { name: 'Add connection' }).getAttribute('aria-disabled')).not.toBe('true');
    });
  });

  describe('share a connection, import it on another computer', () => {
    let profileFile: string;
    let sealedFile: string;
    let sealedPassphrase: string;

    it('the admin adds a local folder and shares it as a .skyhook file', async () => {
      const admin = await startHeadlessApp({ SKYHOOK_POLICY_FILE: '' });
      apps.push(admin);
      const page = await open(admin);
      await openConnections(page);
      await page.getByRole('button', { name: 'Add connection' }).click();
      await page.getByRole('button', { name: 'Local folder' }).click();
      await page.getByRole('button', { name: 'Continue to connect' }).click();
      await page.getByLabel('Connection name').fill('Nature photos');
      await page.getByLabel('Folder').fill(nature);
      await page.getByRole('button', { name: 'Save connection' }).click();
      // Not tested: the wizard asks before saving.
      await page.getByRole('dialog', { name: 'Save without a passing test?' }).getByRole('button', { name: 'Save anyway' }).click();
      await page.getByRole('button', { name: 'Share with team: Nature photos' }).click();

      const dialog = page.getByRole('dialog', { name: 'Share Nature photos with your team' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('A folder has no secrets');
      await screenshot(page, 'team-rollout-share');
      const download = page.waitForEvent('download');
      await dialog.getByRole('button', { name: 'Create profile' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('Nature photos.skyhook');
      profileFile = join(scratch, file.suggestedFilename());
      await file.saveAs(profileFile);
      await dialog.getByRole('status').filter({ hasText: 'Profile ready' }).waitFor();
      await screenshot(page, 'team-rollout-share-done');

      const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as Record<string, unknown>;
      expect(profile).toMatchObject({
        format: 'skyhook-connection-profile',
        version: 1,
        connection: { kind: 'local', name: 'Nature photos', config: { folder: nature } },
      });
      expect(profile.sealed).toBeUndefined();
      await dialog.getByRole('button', { name: 'Done' }).click();

      // A Box Client Credentials connection: the secret can travel sealed, and the screen says what that exposes.
      const saved = await page.evaluate(() =>
        window.skyhook['connections.save']({
          kind: 'box-ccg',
          name: 'Design Box',
          config: { clientId: 'ccgclient0123456789abcdefghijkl', subjectType: 'enterprise', subjectId: '9988776' },
          secrets: { clientSecret: 'e2e-ccg-secret-value' },
        }),
      );
      expect(saved.ok).toBe(true);
      // A fresh page load lists the connection saved behind the UI's back.
      const again = await open(admin);
      await openConnections(again);
      await again.getByRole('button', { name: 'Share with team: Design Box' }).click();
      const share = again.getByRole('dialog', { name: 'Share Design Box with your team' });
      await share.getByRole('checkbox', { name: /Include the client secret, sealed with a passphrase/ }).check();
      expect(await share.getByRole('note').textContent()).toContain(
        'Anyone who has this file and the passphrase can read the client secret.That is full read access to everything shared with the service account',
      );
      expect(await share.getByRole('button', { name: 'Create profile' }).isDisabled()).toBe(true);
      await share.getByRole('button', { name: 'Suggest one' }).click();
      sealedPassphrase = await share.getByLabel('Passphrase', { exact: true }).inputValue();
      expect(sealedPassphrase).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){4}$/);
      await screenshot(again, 'team-rollout-share-sealed');
      const sealedDownload = again.waitForEvent('download');
      // Main asks the person at the computer before any secret leaves: the page cannot answer.
      const question = admin.next('CONFIRM');
      await share.getByRole('button', { name: 'Create profile' }).click();
      expect(await question).toContain('Include the secrets of Design Box in the profile?');
      admin.answer(await question, true);
      sealedFile = join(scratch, 'Design Box.skyhook');
      await (await sealedDownload).saveAs(sealedFile);
      await share.getByRole('status').filter({ hasText: 'Sealed inside: Client secret.' }).waitFor();
      const sealedText = readFileSync(sealedFile, 'utf8');
      expect(sealedText).not.toContain('e2e-ccg-secret-value');
      expect(JSON.parse(sealedText)).toMatchObject({
        sealed: { fields: ['clientSecret'], cipher: 'aes-256-gcm', kdf: { name: 'scrypt' } },
      });
    });

    it('a designer imports it through the file chooser: preview, confirm, listed and searchable', async () => {
      const designer = await startHeadlessApp({ SKYHOOK_POLICY_FILE: '' });
      apps.push(designer);
      const page = await open(designer);
      await openConnections(page);
      await page.getByRole('button', { name: 'Import profile' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Profile file').setInputFiles(profileFile);

      await dialog.getByRole('heading', { name: 'Import Nature photos?' }).waitFor();
      const facts = dialog.getByRole('definition');
      expect(await facts.allTextContents()).toEqual(expect.arrayContaining(['Local folder', 'Nature photos', nature, 'None needed.']));
      expect(await page.getByRole('listitem').filter({ hasText: 'Nature photos' }).count()).toBe(0);
      await screenshot(page, 'team-rollout-import-preview');

      await dialog.getByRole('button', { name: 'Import connection' }).click();
      await dialog.getByRole('status').filter({ hasText: 'Added Nature photos.' }).waitFor();
      await screenshot(page, 'team-rollout-import-done');
      await dialog.getByRole('button', { name: 'Done' }).click();
      await expect.poll(() => page.getByRole('listitem').filter({ hasText: 'Nature photos' }).count()).toBe(1);
      await screenshot(page, 'team-rollout-imported');

      // Importing the same profile again offers Replace or Keep both, never a silent overwrite.
      await page.getByRole('button', { name: 'Import profile' }).click();
      await page.getByRole('dialog').getByLabel('Profile file').setInputFiles(profileFile);
      const again = page.getByRole('dialog');
      await again.getByText('You already have a connection to the same folder: Nature photos.').waitFor();
      expect(await again.getByRole('radio', { name: /Keep both/ }).isChecked()).toBe(true);
      await screenshot(page, 'team-rollout-import-conflict');
      await again.getByRole('button', { name: 'Import connection' }).click();
      await again.getByRole('status').filter({ hasText: 'Added Nature photos (2).' }).waitFor();
      await again.getByRole('button', { name: 'Done' }).click();

      await page.getByRole('button', { name: '← Search' }).click();
      await page.getByRole('searchbox', { name: 'Search images' }).fill('dunes');
      // One hit each from Samples (which holds the nature folder too) and both imported connections.
      await expect.poll(() => sortedImageNames(page)).toEqual(['desert-dunes.jpg', 'desert-dunes.jpg', 'desert-dunes.jpg']);
    });

    it('a sealed profile needs the right passphrase; a wrong one is refused and nothing is saved', async () => {
      const designer = await startHeadlessApp({ SKYHOOK_POLICY_FILE: '' });
      apps.push(designer);
      const page = await open(designer);
      await openConnections(page);
      await page.getByRole('button', { name: 'Import profile' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Profile file').setInputFiles(sealedFile);
      await dialog.getByRole('heading', { name: 'Import Design Box?' }).waitFor();
      expect(await dialog.getByRole('definition').allTextContents()).toEqual(
        expect.arrayContaining(['Client secret included, sealed (you need the passphrase).']),
      );
      await dialog.getByLabel('Passphrase').fill('wrong passphrase');
      await dialog.getByRole('button', { name: 'Import connection' }).click();
      await dialog.getByRole('alert').filter({ hasText: 'The passphrase is wrong, or the profile was changed' }).waitFor();
      await screenshot(page, 'team-rollout-import-wrong-passphrase');
      expect(await page.evaluate(() => window.skyhook['connections.list']({}))).toMatchObject({ ok: true, value: [{ name: 'Samples' }] });

      await dialog.getByLabel('Passphrase').fill(sealedPassphrase);
      await dialog.getByRole('button', { name: 'Import connection' }).click();
      await dialog.getByRole('status').filter({ hasText: 'Added Design Box.' }).waitFor();
      const list = (await page.evaluate(() => window.skyhook['connections.list']({}))) as {
        value: Array<{ name: string; secrets: Record<string, { set: boolean }> }>;
      };
      expect(list.value.find((c) => c.name === 'Design Box')?.secrets).toEqual({ clientSecret: { set: true } });
      expect(JSON.stringify(list)).not.toContain('e2e-ccg-secret-value');
    });

    it('a .skyhook file dropped anywhere on the window opens the preview; a newer format is explained', async () => {
      const designer = await startHeadlessApp({ SKYHOOK_POLICY_FILE: '' });
      apps.push(designer);
      const page = await open(designer);
      await appShown(page);
      const drop = async (name: string, text: string) => {
        const dataTransfer = await page.evaluateHandle(
          ([fileName, content]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([content], fileName));
            return transfer;
          },
          [name, text] as const,
        );
        await page.dispatchEvent('main', 'drop', { dataTransfer });
      };

      const future = { ...JSON.parse(readFileSync(profileFile, 'utf8')), version: 2 } as Record<string, unknown>;
      await drop('From the future.skyhook', JSON.stringify(future));
      const dialog = page.getByRole('dialog');
      await dialog
        .getByRole('alert')
        .filter({ hasText: 'This profile uses format version 2; this Skyhook reads version 1 only.' })
        .waitFor();
      expect(await dialog.getByRole('alert').textContent()).toContain('Update Skyhook');
      await screenshot(page, 'team-rollout-import-unknown-version');
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      await drop('Nature photos.skyhook', readFileSync(profileFile, 'utf8'));
      await page.getByRole('dialog').getByRole('heading', { name: 'Import Nature photos?' }).waitFor();
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      expect(await page.evaluate(() => window.skyhook['connections.list']({}))).toMatchObject({ ok: true, value: [{ name: 'Samples' }] });
    });

    it('`--import <file>` on the command line opens the preview at start', async () => {
      const app = await startHeadlessApp({ SKYHOOK_POLICY_FILE: '' }, undefined, ['--import', profileFile]);
      apps.push(app);
      const page = await open(app);
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: 'Import Nature photos?' }).waitFor();
      expect(await dialog.textContent()).toContain('This profile (Nature photos.skyhook) adds one connection');
      await screenshot(page, 'team-rollout-cli-import');
      await dialog.getByRole('button', { name: 'Import connection' }).click();
      await dialog.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('searchbox', { name: 'Search images' }).fill('meadow');
      await expect.poll(() => sortedImageNames(page)).toEqual(['meadow-flowers.png', 'meadow-flowers.png']);
    });
  });
});

declare global {
  interface Window {
    skyhook: SkyhookBridge;
  }
}
