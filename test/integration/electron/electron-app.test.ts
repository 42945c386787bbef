import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../../preload/contract';
import { electronBinary } from '../../../scripts/electron-binary.mjs';

const binary = electronBinary();
const root = join(import.meta.dirname, '..', '..', '..');

if (!binary) {
  console.warn('Skipping the Electron app tests: the Electron binary is not installed here (its download needs internet). They run wherever `npx install-electron` succeeded.');
}

// Runs the built app (npm test builds first) in real Electron.
describe.runIf(binary)('the Electron app', () => {
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    app = await electron.launch({
      executablePath: binary!,
      args: [root],
      env: { ...process.env, SKYHOOK_DATA_DIR: mkdtempSync(join(tmpdir(), 'skyhook-electron-')) },
    });
    page = await app.firstWindow();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('gives the page exactly the contract and no Node', async () => {
    const exposed = await page.evaluate(() => {
      const page = globalThis as unknown as { skyhook: object; require?: unknown; process?: unknown };
      return { keys: Object.keys(page.skyhook).sort(), require: typeof page.require, process: typeof page.process };
    });
    expect(exposed.keys).toEqual([...channels, 'cancel', 'startDrag'].sort());
    expect(exposed.require).toBe('undefined');
    expect(exposed.process).toBe('undefined');
  });

  it('shows the Samples thumbnails through the media protocol', async () => {
    await page.getByRole('searchbox', { name: 'Search images' }).fill('aurora');
    await expect.poll(() => page.getByRole('img', { name: 'aurora-waves.jpg' }).evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  });

  it('stays on the app when the page tries to navigate away', async () => {
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await expect.poll(() => page.url()).toBe('skyhook-app://app/index.html');
  });
});
