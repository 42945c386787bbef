import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, ConnectionSummary, SkyhookBridge } from '../../preload/contract';
import { chromiumPath, hasChromium, screenshot } from '../harness/browser';
import { appShown, currentResults, gridImageNames, openSkyhook, type SkyhookPage } from '../harness/skyhook-page';

/**
 * The name index end to end (issue #12), on a local folder: the headless app builds the
 * index in its worker, the chip says so, a fragment from inside a word finds the image with
 * the matched part marked, and a file added to the folder appears in the open results.
 *
 * Box and OneDrive fragments: their index sources (main/providers/box/box-index-source.ts,
 * main/providers/onedrive/drive-index-source.ts) are covered against the fakes by their own
 * integration tests; the browser test over the fakes is test/e2e/cloud-name-index.test.ts.
 */
const samples = join(import.meta.dirname, '..', '..', 'assets', 'samples');

if (!hasChromium) console.warn(`Skipping the name index end-to-end test: no Chromium at ${chromiumPath} (apt-get install chromium).`);

describe.runIf(hasChromium)('name index: a local folder searched by any part of a name', () => {
  let skyhook: SkyhookPage;
  let work: string;
  let folder: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'skyhook-index-e2e-'));
    folder = join(work, 'library');
    mkdirSync(join(folder, 'campaigns'), { recursive: true });
    copyFileSync(join(samples, 'aurora-gradient.png'), join(folder, 'campaigns', 'ocean-hero.png'));
    copyFileSync(join(samples, 'harbor-sunset.jpg'), join(folder, 'IMG_20240412_0931.jpg'));
    skyhook = await openSkyhook();
    const { page } = skyhook;
    const saved = await page.evaluate(
      (f) =>
        (window as unknown as { skyhook: SkyhookBridge }).skyhook['connections.save']({
          kind: 'local',
          name: 'Library',
          config: { folder: f },
          secrets: {},
        }),
      folder,
    );
    if (!saved.ok) throw new Error(saved.error.message);
    expect((saved as Extract<CallResult<ConnectionSummary>, { ok: true }>).value.name).toBe('Library');
    await page.goto('about:blank');
    await page.goto(skyhook.app.url);
    await appShown(page);
  });

  afterAll(async () => {
    expect(await skyhook?.close()).toBe(0);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('finds a mid-word fragment from the index, marks it, and shows a new file in the open results', async () => {
    const { page } = skyhook;
    const chip = page.getByRole('button', { name: /^Library/ });
    await expect.poll(() => chip.textContent(), { timeout: 30_000 }).toContain('Live');

    await page.getByRole('searchbox', { name: 'Search images' }).fill('cean');
    // In the grid of "cean": the home screen's, kept until the answer, may hold the file unmarked.
    const tile = currentResults(page, 'cean')
      .getByRole('gridcell')
      .filter({ has: page.getByRole('img', { name: 'ocean-hero.png' }) });
    await tile.waitFor();
    expect(await tile.locator('mark').allTextContents()).toEqual(['cean']);
    await screenshot(page, 'name-index-fragment');

    // Added while the results are open: the watcher feeds the index, the list asks again.
    copyFileSync(join(samples, 'harbor-sunset.jpg'), join(folder, 'oceanic-blue.jpg'));
    // The bundled Samples connection stays on beside a local folder, and "ocean-horizon.jpg" holds "cean" too.
    const sampleNames = new Set(readdirSync(samples));
    await expect
      .poll(async () => (await gridImageNames(page)).filter((n) => !sampleNames.has(n)).sort(), { timeout: 20_000 })
      .toEqual(['ocean-hero.png', 'oceanic-blue.jpg']);
  });
});
