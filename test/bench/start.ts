import { spawn } from 'node:child_process';
import { once } from 'node:events';
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

// Source text, not a function: under tsx a function can carry helpers the page lacks.
const recordFirstInput = `
document.addEventListener('input', (event) => {
  if (window.firstInputAt === undefined && event.target.matches('input[type="search"]')) window.firstInputAt = performance.timeOrigin + performance.now();
}, true);`;

/**
 * A person typing from the moment the page commits: keys are pressed one after another (each
 * press returns once the page has handled it) until one lands in a focused search field. The
 * time is the page's own, of the first input event the field handled, so neither the polling
 * nor a busy test process adds to it: a field drawn but frozen by a running script takes no
 * key until the script yields.
 */
const fieldTakesTyping = async (page: Page): Promise<number> => {
  for (;;) {
    await page.keyboard.press('h');
    const at = await page.evaluate(() => (window as unknown as { firstInputAt?: number }).firstInputAt);
    if (at !== undefined) return at - performance.timeOrigin;
  }
};

/** Skyhook knows the connections it searches: their chips are shown (main's services answered). */
const connectionsShown = async (page: Page): Promise<undefined> => {
  await page.getByRole('navigation', { name: 'Connections to search' }).getByRole('button', { pressed: true }).first().waitFor();
  return undefined;
};

/** After the clock stops: typing in that field finds a sample, or the figure means nothing. */
const typingSearches = async (page: Page) => {
  await page.locator('input[type="search"]').fill('harbor');
  await page.getByRole('img', { name: 'harbor-sunset.jpg' }).waitFor();
};

/**
 * Spawns a node process that prints a URL line and loads it in Chromium; returns the time from
 * the spawn to the end of each stage (a time on this process's clock), in order. `check` runs after the clock stops.
 */
async function timeStart(
  args: string[],
  env: Record<string, string>,
  urlPrefix: string,
  stages: Array<(page: Page) => Promise<number | undefined>>,
  check?: (page: Page) => Promise<void>,
): Promise<number[]> {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript({ content: recordFirstInput });
  const start = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => line.startsWith(urlPrefix) && resolve(line.slice(urlPrefix.length)));
      child.once('exit', (code) => reject(new Error(`exited ${code} before printing ${urlPrefix}`)));
    });
    await page.goto(url, { waitUntil: 'commit' });
    const times: number[] = [];
    for (const stage of stages) {
      // A stage that knows when it ended (by the page's clock) says so.
      const ended = (await stage(page)) ?? performance.now();
      times.push(ended - start);
    }
    await check?.(page);
    return times;
  } finally {
    // Gone before its data folder is removed: it writes there while it stops.
    const exited = child.exitCode === null ? once(child, 'exit') : Promise.resolve();
    child.kill('SIGTERM');
    await exited;
    await browser.close();
  }
}

const blankServer = `
const http = require('node:http');
const server = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><title>blank</title><input type="search" aria-label="Search images" autofocus>'); });
server.listen(0, '127.0.0.1', () => console.log('BLANK_URL=http://127.0.0.1:' + server.address().port + '/'));
`;

export async function benchStart(runs = 9): Promise<void> {
  const root = join(import.meta.dirname, '..', '..');
  const field: number[] = [];
  const connections: number[] = [];
  const blank: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate so neither gets a warmer disk cache.
    blank.push(...(await timeStart(['-e', blankServer], {}, 'BLANK_URL=', [fieldTakesTyping])));
    const dataDir = mkdtempSync(join(tmpdir(), 'skyhook-bench-start-'));
    try {
      const [shown = Number.NaN, known = Number.NaN] = await timeStart(
        [join(root, 'out', 'main', 'headless.js')],
        { SKYHOOK_DATA_DIR: dataDir },
        'SKYHOOK_URL=',
        [fieldTakesTyping, connectionsShown],
        typingSearches,
      );
      field.push(shown);
      connections.push(known);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const b = median(blank);
  const a = median(field);
  const c = median(connections);
  addRow({
    figure: `headless start → usable search field (a key pressed lands in it; median of ${runs}), beside a blank page served the same way (${formatMs(b)})`,
    measured: formatMs(a),
    target: '≤ 1.5× the blank page',
    ratio: formatRatio(a / b),
    pass: a / b <= 1.5,
  });
  addRow({
    figure: `headless start → the connections searched shown as chips (median of ${runs}), beside the same blank page`,
    measured: formatMs(c),
    target: '—',
    ratio: formatRatio(c / b),
    pass: undefined,
  });
}
