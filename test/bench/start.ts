import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { addRow, formatMs, formatRatio } from './table';

/**
 * Issue #13, "fast start": from starting the headless bridge to a usable search field,
 * beside a blank page with a search field served the same way (a node process that listens
 * on loopback and prints its address, loaded by a browser launched the same way).
 */

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** The blank page's search field: visible and enabled. */
const fieldShown = async (page: Page) => {
  const field = page.locator('input[type="search"]');
  await field.waitFor({ state: 'visible' });
  await field.evaluate((el) => (el as HTMLInputElement).disabled && Promise.reject(new Error('disabled')));
};

/**
 * Skyhook's search field is usable when typing searches: shown and enabled, and the page
 * knows the connections it searches (their chips are shown: main's services answered).
 */
const fieldUsable = async (page: Page) => {
  await fieldShown(page);
  await page.getByRole('navigation', { name: 'Connections to search' }).getByRole('button', { pressed: true }).first().waitFor();
};

/** After the clock stops: typing in that field finds a sample, or the figure means nothing. */
const typingSearches = async (page: Page) => {
  await page.locator('input[type="search"]').fill('harbor');
  await page.getByRole('img', { name: 'harbor-sunset.jpg' }).waitFor();
};

/** Spawns a node process that prints a URL line, then loads it in Chromium until `ready` resolves; `check` runs after the clock stops. */
async function timeStart(
  args: string[],
  env: Record<string, string>,
  urlPrefix: string,
  ready: (page: Page) => Promise<void>,
  check?: (page: Page) => Promise<void>,
): Promise<number> {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const start = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => line.startsWith(urlPrefix) && resolve(line.slice(urlPrefix.length)));
      child.once('exit', (code) => reject(new Error(`exited ${code} before printing ${urlPrefix}`)));
    });
    await page.goto(url);
    await ready(page);
    const elapsed = performance.now() - start;
    await check?.(page);
    return elapsed;
  } finally {
    child.kill('SIGTERM');
    await browser.close();
  }
}

const blankServer = `
const http = require('node:http');
const server = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><title>blank</title><input type="search" aria-label="Search images">'); });
server.listen(0, '127.0.0.1', () => console.log('BLANK_URL=http://127.0.0.1:' + server.address().port + '/'));
`;

export async function benchStart(runs = 5): Promise<void> {
  const root = join(import.meta.dirname, '..', '..');
  const app: number[] = [];
  const blank: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate so neither gets a warmer disk cache.
    blank.push(await timeStart(['-e', blankServer], {}, 'BLANK_URL=', fieldShown));
    const dataDir = mkdtempSync(join(tmpdir(), 'skyhook-bench-start-'));
    try {
      app.push(
        await timeStart(
          [join(root, 'out', 'main', 'headless.js')],
          { SKYHOOK_DATA_DIR: dataDir },
          'SKYHOOK_URL=',
          fieldUsable,
          typingSearches,
        ),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const a = median(app);
  const b = median(blank);
  addRow({
    figure: `headless start → usable search field (connections known; median of ${runs}), beside a blank page served the same way (${formatMs(b)})`,
    measured: formatMs(a),
    target: '≤ 1.5× the blank page',
    ratio: formatRatio(a / b),
    pass: a / b <= 1.5,
  });
}
