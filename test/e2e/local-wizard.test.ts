import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, screenshot } from '../harness/browser';
import type { HeadlessApp } from '../harness/headless-app';
import { openSkyhook, type SkyhookPage } from '../harness/skyhook-page';

const nature = join(import.meta.dirname, '..', '..', 'assets', 'samples', 'nature');

describe.runIf(hasChromium)('adding a local folder with the wizard', () => {
  let session: SkyhookPage;
  let app: HeadlessApp;
  let page: Page;

  beforeAll(async () => {
    session = await openSkyhook();
    ({ app, page } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('walks from the chooser to a tested, saved, searchable connection', async () => {
    await page.getByRole('button', { name: 'Connections' }).click();
    await page.getByRole('button', { name: 'Add connection' }).click();
    await screenshot(page, 'wizard-chooser');
    await page.getByRole('button', { name: 'Local folder' }).click();
    await page.getByRole('button', { name: 'Continue to connect' }).click();

    await page.getByLabel('Connection name').fill('Nature shots');
    await page.getByLabel('Folder').fill(join(nature, 'missing'));
    await page.getByRole('button', { name: 'Test connection' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'does not exist' });
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.getByRole('button', { name: /Go to step 1/ }).count()).toBe(1);
    await screenshot(page, 'wizard-local-error');

    await page.getByLabel('Folder').fill(nature);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Found 8 images');
    await screenshot(page, 'wizard-local-tested');

    await page.getByRole('button', { name: 'Save connection' }).click();
    await expect.poll(() => page.getByText('Nature shots', { exact: true }).count()).toBe(1);
    await screenshot(page, 'connections-list');

    await page.getByRole('button', { name: '← Search' }).click();
    await page.getByRole('searchbox', { name: 'Search images' }).fill('glacier');
    await expect.poll(() => page.getByRole('button', { name: /Nature shots/ }).textContent()).toContain('1 image');
    // The same file is in Samples (which includes subfolders) and in the new connection.
    await expect.poll(() => page.getByRole('img', { name: 'glacier-blue.jpg' }).count()).toBe(2);
  });

  it('a failed save keeps the saved connection exactly as it was', async () => {
    const settings = join(app.dataDir, 'settings.json');
    const before = readFileSync(settings, 'utf8');
    await page.getByRole('button', { name: 'Connections' }).click();
    await page.getByRole('button', { name: 'Edit Nature shots' }).click();
    await page.getByLabel('Connection name').fill('   ');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Give the connection a name' }).count()).toBe(1);
    expect(readFileSync(settings, 'utf8')).toBe(before);
  });
});

describe.runIf(hasChromium)('a corrupt settings file', () => {
  it('is kept aside and reported in the UI, not overwritten', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'skyhook-corrupt-'));
    writeFileSync(join(dataDir, 'settings.json'), '{"connections": [ broken');
    const session = await openSkyhook({}, dataDir);
    const { page } = session;
    try {
      const banner = page.getByRole('alert').filter({ hasText: 'could not be read' });
      await expect.poll(() => banner.count()).toBe(1);
      await screenshot(page, 'corrupt-settings-banner');
      const kept = readdirSync(dataDir).filter((f) => f.startsWith('settings.json.corrupt-'));
      expect(kept).toHaveLength(1);
      expect(readFileSync(join(dataDir, kept[0]!), 'utf8')).toBe('{"connections": [ broken');
      expect(await banner.textContent()).toContain(kept[0]);
      await banner.getByRole('button', { name: 'Dismiss' }).click();
      await expect.poll(() => banner.count()).toBe(0);
      expect(existsSync(join(dataDir, 'settings.json'))).toBe(true);
    } finally {
      await session.close();
    }
  });
});
