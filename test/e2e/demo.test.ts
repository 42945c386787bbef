import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumPath, hasChromium, launchBrowser, screenshot } from '../harness/browser';
import { currentResults } from '../harness/skyhook-page';

/**
 * `npm run demo` (scripts/demo.mjs, which `npm start` shares its runner with): the fake Box
 * and Microsoft servers and the app pointed at them. Someone without accounts follows what
 * it prints: opens the address, sets up Box with the printed values, finds images, stops it.
 */

if (!hasChromium) console.warn(`Skipping the demo end-to-end test: no Chromium at ${chromiumPath} (apt-get install chromium).`);

const root = join(import.meta.dirname, '..', '..');
const eventually = <T>(value: () => T | Promise<T>) => expect.poll(value, { timeout: 20_000 });

describe.runIf(hasChromium)('npm run demo', () => {
  let demo: ChildProcess | undefined;
  let browser: Browser | undefined;

  afterAll(async () => {
    await browser?.close();
    if (demo && demo.exitCode === null) demo.kill('SIGTERM');
  });

  it('prints where to open the app and how to stop it, with demo values that set up Box and find its images', async () => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'demo.mjs'), '--no-build'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo = child;
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
    const output = () => lines.join('\n');
    await eventually(output).toContain('Then search for');

    const url = /^SKYHOOK_URL=(.+)$/m.exec(output())?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
    // The words sit right after the machine-readable line.
    const after = lines.slice(lines.findIndex((l) => l.startsWith('SKYHOOK_URL='))).join('\n');
    expect(after).toContain(`Open this address in your browser (Chrome, Edge, Firefox or Safari):\n\n    ${url}`);
    expect(after).toContain('To stop Skyhook, press Ctrl+C here.');
    const value = (label: string) => new RegExp(`${label} (\\S+)`).exec(output())?.[1] ?? '';
    const dataDir = /Settings of this demo live in (\S+) and/.exec(output())?.[1] ?? '';

    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url ?? '');
    await page.getByRole('button', { name: 'Connections', exact: true }).click();
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByRole('button', { name: 'Box — Client Credentials' }).click();
    await page
      .getByRole('navigation', { name: 'Setup steps' })
      .getByRole('button', { name: /Connect$/ })
      .click();
    await page.getByLabel('Connection name').fill('Demo Box');
    await page.getByLabel('Client ID').fill(value('Client ID'));
    await page.getByLabel('Client secret').fill(value('Client secret'));
    await page.getByLabel('Enterprise ID').fill(value('Enterprise ID'));
    await page.getByRole('button', { name: 'Test connection' }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: 'Connected to Box' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByRole('button', { name: '← Search' }).click();
    await page.getByRole('searchbox', { name: 'Search images' }).fill('file');
    const fromDemoBox = currentResults(page, 'file')
      .getByRole('gridcell')
      .filter({ has: page.locator('.tile-source', { hasText: /^Demo Box$/ }) });
    await eventually(() => fromDemoBox.count()).toBeGreaterThan(0);
    await screenshot(page, 'demo-box-search');

    // Ctrl+C stops the app and both fakes, and removes the demo's data folder.
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(dataDir)).toBe(false);
  });
});
