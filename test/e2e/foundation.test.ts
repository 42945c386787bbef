import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, hasChromium, screenshot } from '../harness/browser';
import type { HeadlessApp } from '../harness/headless-app';
import { gridImageNames, openSkyhook, sortedImageNames, type SkyhookPage } from '../harness/skyhook-page';

const samples = join(import.meta.dirname, '..', '..', 'assets', 'samples');

if (!hasChromium) console.warn(`Skipping browser end-to-end tests: no Chromium at ${chromiumPath} (apt-get install chromium).`);

describe.runIf(hasChromium)('first run in the browser bridge', () => {
  let session: SkyhookPage;
  let app: HeadlessApp;
  let page: Page;

  beforeAll(async () => {
    session = await openSkyhook();
    ({ app, page } = session);
  });

  afterAll(async () => {
    expect(await session?.close()).toBe(0);
  });

  it('shows the Samples connection and its images on a fresh data dir', async () => {
    await expect.poll(() => page.getByRole('button', { name: /Samples/ }).count()).toBe(1);
    await expect.poll(() => page.getByRole('img', { name: 'harbor-sunset.jpg' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: /Samples/ }).textContent()).toContain('24 images');
    await screenshot(page, 'foundation-first-run');
  });

  it('finds images by part of their name, case-insensitively, in subfolders too', async () => {
    await page.getByRole('searchbox', { name: 'Search images' }).fill('AURORA');
    await expect.poll(() => sortedImageNames(page)).toEqual(['aurora-gradient.png', 'aurora-waves.jpg']);
    await page.getByRole('searchbox', { name: 'Search images' }).fill('ripples');
    await expect.poll(() => gridImageNames(page)).toEqual(['sand-ripples.gif']);
    // The thumbnail comes through /media, which answers only the bridge page (its Referer): it must load.
    const loaded = () =>
      page.getByRole('img', { name: 'sand-ripples.gif' }).evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
    await expect.poll(loaded).toBeGreaterThan(0);
    await screenshot(page, 'foundation-search');
  });

  it('drags out the real file: SKYHOOK_DRAG names a file with the sample bytes', async () => {
    await page.getByRole('searchbox', { name: 'Search images' }).fill('waves');
    const image = page.getByRole('img', { name: 'aurora-waves.jpg' });
    await expect.poll(() => image.count()).toBe(1);
    const dragged = app.next('DRAG');
    const target = page.getByRole('searchbox', { name: 'Search images' });
    await image.dragTo(target);
    const file = await dragged;
    expect(file.endsWith('aurora-waves.jpg')).toBe(true);
    expect(readFileSync(file).equals(readFileSync(join(samples, 'aurora-waves.jpg')))).toBe(true);
  });

  it('says so when nothing matches', async () => {
    await page.getByRole('searchbox', { name: 'Search images' }).fill('no-such-picture');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'No images named like' }).count()).toBe(1);
    await screenshot(page, 'foundation-no-results');
  });
});
