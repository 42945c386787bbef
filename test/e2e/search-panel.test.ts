import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, ConnectionSummary, SkyhookBridge } from '../../preload/contract';
import { chromiumPath, hasChromium, launchBrowser, screenshot } from '../harness/browser';
import { startHeadlessApp, type HeadlessApp } from '../harness/headless-app';
import { appShown, currentResults, gridImageNames } from '../harness/skyhook-page';
import { seriousViolations } from '../harness/axe';
import { quietMs } from '../../renderer/src/search/federated-search';
import { searchDebounceMs } from '../../renderer/src/search/leading-debounce';

/**
 * The search panel against three connections at once, besides Samples: "Studio" (a local
 * folder made slow by holding its answers back on the page's IPC socket), "Archive drive"
 * (a folder that does not exist: it fails) and "Bulk" (450 images: paging). Builds on
 * foundation.test.ts, which covers the first run and a plain drag from Samples.
 */

const samples = join(import.meta.dirname, '..', '..', 'assets', 'samples');

if (!hasChromium) console.warn(`Skipping the search panel end-to-end tests: no Chromium at ${chromiumPath} (apt-get install chromium).`);

interface IpcMessage {
  type: string;
  id: string;
  channel?: string;
  input?: { connectionId?: string; itemId?: string; text?: string; cursor?: string };
}

/** What main pushes unasked (download.progress, index.status…). */
interface IpcEvent {
  type: 'event';
  name: string;
  payload?: { itemId?: string };
}

/**
 * Sits on the page's IPC WebSocket: records every call and cancel the renderer sends, and
 * can hold back main's answers to chosen calls until the test releases them.
 */
class IpcTap {
  readonly calls: IpcMessage[] = [];
  readonly cancels: string[] = [];
  /** Calls whose answers are held while the predicate says so. */
  hold: (call: IpcMessage) => boolean = () => false;
  /** Events from main held while the predicate says so (released with the answers, in arrival order). */
  holdEvent: (event: IpcEvent) => boolean = () => false;
  /** Rewrites main's answer to a call before the page sees it. */
  rewrite: (call: IpcMessage, answer: string) => string = (_call, answer) => answer;
  private readonly held: Array<{ call?: IpcMessage; deliver: () => void }> = [];

  async install(page: Page): Promise<void> {
    await page.routeWebSocket(/\/ipc$/, (ws) => {
      const server = ws.connectToServer();
      const sent = new Map<string, IpcMessage>();
      ws.onMessage((raw) => {
        const message = JSON.parse(String(raw)) as IpcMessage;
        if (message.type === 'call') {
          this.calls.push(message);
          sent.set(message.id, message);
        }
        if (message.type === 'cancel') this.cancels.push(message.id);
        server.send(raw);
      });
      server.onMessage((raw) => {
        const message = JSON.parse(String(raw)) as { id?: string } & Partial<IpcEvent>;
        const call = message.id === undefined ? undefined : sent.get(message.id);
        const answer = call ? this.rewrite(call, String(raw)) : String(raw);
        const event = message.type === 'event' ? (message as IpcEvent) : undefined;
        if ((call && this.hold(call)) || (event && this.holdEvent(event)))
          this.held.push({ ...(call ? { call } : {}), deliver: () => ws.send(answer) });
        else ws.send(answer);
      });
    });
  }

  heldCalls(): IpcMessage[] {
    return this.held.flatMap((h) => h.call ?? []);
  }

  release(): void {
    this.hold = () => false;
    this.holdEvent = () => false;
    for (const { deliver } of this.held.splice(0)) deliver();
  }

  searches(connectionId: string, text: string, since = 0): IpcMessage[] {
    return this.calls
      .slice(since)
      .filter((c) => c.channel === 'search.connection' && c.input?.connectionId === connectionId && c.input.text === text);
  }
}

async function addLocalConnection(page: Page, name: string, folder: string): Promise<ConnectionSummary> {
  const result = await page.evaluate(
    ([n, f]) =>
      (window as unknown as { skyhook: SkyhookBridge }).skyhook['connections.save']({
        kind: 'local',
        name: n ?? '',
        config: { folder: f ?? '' },
        secrets: {},
      }),
    [name, folder],
  );
  if (!result.ok) throw new Error(`could not save ${name}: ${result.error.message}`);
  return (result as Extract<CallResult<ConnectionSummary>, { ok: true }>).value;
}

const chip = (page: Page, name: string) => page.getByRole('button', { name: new RegExp(`^${name}`) });
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return {
      role: element?.getAttribute('role') ?? element?.tagName.toLowerCase(),
      alt: element?.querySelector('img')?.getAttribute('alt') ?? undefined,
    };
  });

describe.runIf(hasChromium)('search panel: several connections, streaming, keyboard, drag, cache', () => {
  let app: HeadlessApp;
  let browser: Browser;
  let page: Page;
  let work: string;
  let studio: ConnectionSummary;
  let bulk: ConnectionSummary;
  const tap = new IpcTap();
  const searchbox = () => page.getByRole('searchbox', { name: 'Search images' });
  // The bridge URL differs from the page's only by its #token: going there directly would not reload.
  const reopen = async () => {
    await page.goto('about:blank');
    await page.goto(app.url);
    await appShown(page);
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'skyhook-panel-'));
    const studioDir = join(work, 'studio');
    mkdirSync(join(studioDir, 'winter'), { recursive: true });
    copyFileSync(join(samples, 'aurora-gradient.png'), join(studioDir, 'aurora-studio.png'));
    copyFileSync(join(samples, 'harbor-sunset.jpg'), join(studioDir, 'harbor-studio.jpg'));
    copyFileSync(join(samples, 'nature', 'glacier-blue.jpg'), join(studioDir, 'winter', 'glacier-studio.jpg'));
    const bulkDir = join(work, 'bulk');
    mkdirSync(bulkDir);
    const tiny = await sharp({ create: { width: 24, height: 18, channels: 3, background: '#7c95ff' } })
      .png()
      .toBuffer();
    // Equal matches rank newer first, by the second: one second apart, bulk-0001 newest, so
    // the order does not depend on how many seconds writing them took.
    const newest = Math.floor(Date.now() / 1000);
    for (let i = 1; i <= 450; i++) {
      const file = join(bulkDir, `bulk-${String(i).padStart(4, '0')}.png`);
      await sharp(tiny).toFile(file);
      utimesSync(file, newest - i, newest - i);
    }

    app = await startHeadlessApp({ SKYHOOK_TRACE_CALLS: '1', SKYHOOK_DOWNLOADS_DIR: join(work, 'downloads') });
    browser = await launchBrowser();
    // Its own context: the accessibility scanner opens a helper page beside it.
    page = await (await browser.newContext({ viewport: { width: 1280, height: 820 } })).newPage();
    await tap.install(page);
    await reopen();
    studio = await addLocalConnection(page, 'Studio', studioDir);
    await addLocalConnection(page, 'Archive drive', join(work, 'unplugged-drive'));
    bulk = await addLocalConnection(page, 'Bulk', bulkDir);
    await reopen();
    await chip(page, 'Samples').filter({ hasText: 'images' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await app?.stop()).toBe(0);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('streams each connection on its own: the fast one shows while the slow one searches, and a failing one only fails itself', async () => {
    tap.hold = (call) => call.channel === 'search.connection' && call.input?.connectionId === studio.id;
    await searchbox().fill('aurora');

    await expect.poll(() => gridImageNames(page)).toEqual(['aurora-gradient.png', 'aurora-waves.jpg']);
    expect(await chip(page, 'Samples').textContent()).toContain('2 images');
    // Once its search has taken a while (a fast answer shows no "searching…" at all).
    await expect.poll(() => chip(page, 'Studio').textContent()).toContain('searching');
    await expect.poll(() => chip(page, 'Archive drive').textContent()).toContain('error');
    const alert = page.getByRole('alert').filter({ hasText: 'Archive drive' });
    expect(await alert.textContent()).toContain('does not exist');
    expect(await alert.textContent()).toContain('Reconnect the drive');
    expect(await alert.getByRole('button', { name: 'Try again' }).count()).toBe(1);
    await screenshot(page, 'search-panel-streaming');

    tap.release();
    // The slow connection's result lands after the others, without moving them.
    await expect.poll(() => gridImageNames(page)).toEqual(['aurora-gradient.png', 'aurora-waves.jpg', 'aurora-studio.png']);
    await expect.poll(() => chip(page, 'Studio').textContent()).toContain('1 image');
    expect(await page.getByRole('alert').filter({ hasText: 'Archive drive' }).count()).toBe(1);
    await screenshot(page, 'search-panel-three-connections');
  });

  it('keeps the last results while the next come: dimmed and saying "searching" only when the answer is slow', async () => {
    await searchbox().fill('coral');
    await expect.poll(() => gridImageNames(page)).toEqual(['coral-reef-pattern.png']);
    // Which busy cues were ever shown while a query ran, and whether the grid was named for
    // the new query while it still held the old one's tiles sooner than `quietMs` after the
    // input (the panel moving to the query before its answer could come: a render and a frame
    // of its own; later, it is how a slow answer shows that it is on its way).
    await page.evaluate((quiet) => {
      const seen = { dimmed: false, chip: false, summary: false, renamedBeforeAnswer: false };
      (window as unknown as { cueSeen: typeof seen }).cueSeen = seen;
      let typedAt = Number.NaN;
      document.addEventListener('input', () => (typedAt = performance.now()), { capture: true });
      new MutationObserver(() => {
        seen.dimmed ||= document.querySelector('.grid-stale') !== null;
        seen.chip ||= document.querySelector('.chip-searching.kind-local [title$="Samples out of the search"]') !== null;
        seen.summary ||= document.querySelector('.results-summary')?.textContent === 'Searching…';
        const renamed =
          document.querySelector('[role="grid"][aria-label="Images named like lava"] img[alt="coral-reef-pattern.png"]') !== null;
        seen.renamedBeforeAnswer ||= renamed && performance.now() - typedAt < quiet;
      }).observe(document.body, {
        subtree: true,
        attributes: true,
        attributeFilter: ['class', 'aria-label'],
        childList: true,
        characterData: true,
      });
    }, quietMs);
    const cuesSeen = () => page.evaluate(() => (window as unknown as { cueSeen: Record<string, boolean> }).cueSeen);

    // Answered at once (Samples): the results change in one step, with no flash of a dimmed
    // grid, a searching chip or a "Searching…" line (the larger folders may say "still
    // searching" while their indexes settle).
    await searchbox().fill('lava');
    await expect.poll(() => gridImageNames(page)).toEqual(['lava-flow.webp']);
    expect(await cuesSeen()).toEqual({ dimmed: false, chip: false, summary: false, renamedBeforeAnswer: false });
    await expect.poll(() => page.locator('.results-summary').textContent()).toMatch(/^1 image named like “lava”/);

    // An answer that takes its time: the last results stay, busy at once, then dimmed, the
    // results area busy, the chip searching and the line saying so.
    tap.hold = (call) => call.channel === 'search.connection';
    await searchbox().fill('prism');
    await expect.poll(() => page.locator('.grid-stale').count()).toBe(1);
    expect(await page.getByRole('grid').getAttribute('aria-busy')).toBe('true');
    expect(await gridImageNames(page)).toEqual(['lava-flow.webp']);
    expect(await page.locator('.results-busy').count()).toBe(1);
    await expect.poll(() => chip(page, 'Samples').textContent()).toContain('searching…');
    await expect.poll(() => page.locator('.results-summary').textContent()).toBe('Searching…');
    tap.hold = () => false;
    tap.release();
    await expect.poll(() => gridImageNames(page)).toEqual(['prism-light.webp']);
    await expect.poll(() => page.locator('.grid-stale, .results-busy').count()).toBe(0);
  });

  it('cancels a superseded query end to end: its cancel reaches main and its late results never appear', async () => {
    tap.hold = (call) => call.channel === 'search.connection' && call.input?.connectionId === studio.id;
    await searchbox().fill('harbor');
    await expect.poll(() => tap.searches(studio.id, 'harbor').length).toBe(1);
    await expect.poll(() => tap.heldCalls().some((c) => c.input?.text === 'harbor')).toBe(true);
    const stale = tap.searches(studio.id, 'harbor')[0]?.id ?? '';

    await searchbox().fill('glacier');
    await expect.poll(() => tap.cancels).toContain(stale);
    await expect.poll(() => app.lines).toContain(`SKYHOOK_CANCEL=${stale}`);
    await expect.poll(() => tap.searches(studio.id, 'glacier').length).toBe(1);
    await expect.poll(() => chip(page, 'Samples').textContent()).toContain('1 image');

    // Main's answer to the stale call reaches the page anyway: it must be ignored.
    tap.release();
    await expect.poll(() => gridImageNames(page)).toEqual(['glacier-blue.jpg', 'glacier-studio.jpg']);
    expect(await page.getByRole('img', { name: 'harbor-studio.jpg' }).count()).toBe(0);
    expect(await page.getByRole('img', { name: 'harbor-sunset.jpg' }).count()).toBe(0);
  });

  it('keeps a keystroke typed while the one before it waits for its first answer', async () => {
    await searchbox().fill('coral');
    await expect.poll(() => gridImageNames(page)).toEqual(['coral-reef-pattern.png']);
    // After a pause "lava" passes the debounce at once and starts quietly (the panel takes it
    // with its first answer); "lavaf" follows in the same task, so within the quiet window and
    // the debounce.
    await page.waitForTimeout(searchDebounceMs);
    tap.hold = (call) => call.channel === 'search.connection' && call.input?.text === 'lava';
    const since = tap.calls.length;
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('input[type="search"]');
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      for (const value of ['lava', 'lavaf']) {
        setValue?.call(input, value);
        input?.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    await expect.poll(() => tap.searches(studio.id, 'lava', since).length).toBe(1);
    tap.release();
    // A call made now is answered after the released ones: once it is, the page has handled them.
    await page.evaluate(() => (window as unknown as { skyhook: SkyhookBridge }).skyhook['search.recent']({}));
    expect(await searchbox().inputValue()).toBe('lavaf');
    expect(await page.getByRole('grid', { name: 'Images named like lava' }).count()).toBe(0);
    await expect.poll(() => tap.searches(studio.id, 'lavaf', since).length).toBe(1);
    expect(await searchbox().inputValue()).toBe('lavaf');
  });

  it('shows a connection that needs sign-in with its button, searches the others, and reports a failed sign-in', async () => {
    // Local folders never need a sign-in; the page is told Studio does, as a Box OAuth connection would be.
    tap.rewrite = (call, answer) => {
      if (call.channel !== 'connections.list') return answer;
      const parsed = JSON.parse(answer) as { result: { ok: boolean; value: ConnectionSummary[] } };
      for (const c of parsed.result.value) if (c.id === studio.id) c.auth = 'needs-sign-in';
      return JSON.stringify(parsed);
    };
    try {
      await reopen();
      const since = tap.calls.length;
      await searchbox().fill('harbor');
      await expect.poll(() => gridImageNames(page)).toEqual(['harbor-sunset.jpg']);
      const studioChip = page.getByRole('navigation', { name: 'Connections to search' }).locator('.chip', { hasText: 'Studio' });
      expect(await studioChip.textContent()).toContain('needs sign-in');
      expect(tap.searches(studio.id, 'harbor', since)).toEqual([]);
      await screenshot(page, 'search-panel-needs-sign-in');
      await studioChip.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').filter({ hasText: 'does not use a personal sign-in' }).count()).toBe(1);
    } finally {
      tap.rewrite = (_call, answer) => answer;
      await reopen();
    }
  });

  it('is keyboard-first: arrows move focus, Enter previews the right file, Escape closes and goes back', async () => {
    await searchbox().fill('aurora');
    await expect
      .poll(async () => (await gridImageNames(page)).sort())
      .toEqual(['aurora-gradient.png', 'aurora-studio.png', 'aurora-waves.jpg']);
    // Unheld connections land in whichever order they answer; the grid shows them as they came.
    const order = await gridImageNames(page);

    await searchbox().press('ArrowDown');
    expect(await focused(page)).toEqual({ role: 'gridcell', alt: order[0] });
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toEqual({ role: 'gridcell', alt: order[1] });
    await page.keyboard.press('End');
    expect(await focused(page)).toEqual({ role: 'gridcell', alt: order[2] });
    await page.keyboard.press('Home');
    expect(await focused(page)).toEqual({ role: 'gridcell', alt: order[0] });
    await page.keyboard.press('ArrowRight');

    await page.keyboard.press('Enter');
    const preview = page.getByRole('complementary', { name: order[1] });
    await expect.poll(() => preview.count()).toBe(1);
    const source = order[1] === 'aurora-studio.png' ? 'Studio' : 'Samples';
    await expect.poll(() => preview.textContent()).toMatch(/\d+ × \d+ px/);
    expect(await preview.textContent()).toContain(source);
    expect(await preview.getByRole('button', { name: 'Open original' }).count()).toBe(0);
    expect(await preview.getByRole('button', { name: 'Copy image' }).count()).toBe(1);
    await screenshot(page, 'search-panel-preview');

    // While the preview is open it follows the keyboard.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('complementary', { name: order[2] }).count()).toBe(1);
    expect(await focused(page)).toEqual({ role: 'gridcell', alt: order[2] });

    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('complementary').count()).toBe(0);
    expect(await focused(page)).toEqual({ role: 'gridcell', alt: order[2] });
    await page.keyboard.press('Escape');
    expect(await focused(page)).toEqual({ role: 'searchbox', alt: undefined });
  });

  it('the preview shows the facts, and copies, reveals and saves the original through main', async () => {
    await searchbox().fill('aurora-waves');
    await expect.poll(() => gridImageNames(page)).toEqual(['aurora-waves.jpg']);
    await searchbox().press('ArrowDown');
    await page.keyboard.press('Enter');
    const preview = page.getByRole('complementary', { name: 'aurora-waves.jpg' });
    await expect.poll(() => preview.count()).toBe(1);
    await expect.poll(() => preview.textContent()).toContain('1200 × 800 px');
    expect(await preview.textContent()).toContain('Samples');
    const copied = app.next('COPY');
    await preview.getByRole('button', { name: 'Copy image' }).click();
    expect(readFileSync(await copied).equals(readFileSync(join(samples, 'aurora-waves.jpg')))).toBe(true);
    await expect.poll(() => preview.getByRole('status').textContent()).toContain('Copied');
    const revealed = app.next('REVEAL');
    await preview.getByRole('button', { name: 'Show in folder' }).click();
    expect(await revealed).toBe(join(samples, 'aurora-waves.jpg'));
    // Save as… twice: a copy in the downloads folder, the second one not over the first.
    for (const expected of ['aurora-waves.jpg', 'aurora-waves (2).jpg']) {
      const saved = app.next('SAVE_AS');
      await preview.getByRole('button', { name: 'Save as…' }).click();
      const path = await saved;
      expect(path).toBe(join(work, 'downloads', expected));
      expect(readFileSync(path).equals(readFileSync(join(samples, 'aurora-waves.jpg')))).toBe(true);
      await expect.poll(() => preview.getByRole('status').textContent()).toContain(`Saved as ${path}`);
    }
    await preview.getByRole('button', { name: 'Close preview' }).click();
  });

  it('offers recent searches when the field is focused and empty: keyboard-selectable, kept across reloads, clearable', async () => {
    // Acting on a result (the previews above) remembered those queries; Enter remembers one too.
    await searchbox().fill('glacier');
    await searchbox().press('Enter');
    await searchbox().fill('');
    const list = page.getByRole('listbox', { name: 'Recent searches' });
    await expect.poll(() => list.getByRole('option').allTextContents()).toEqual(['glacier', 'aurora-waves', 'aurora']);
    await screenshot(page, 'search-panel-recent');

    await reopen();
    // On arrival the field has focus but the list stays closed (it would cover the chips);
    // clicking into the field opens it.
    expect(await list.count()).toBe(0);
    await searchbox().click();
    await expect.poll(() => list.getByRole('option').allTextContents()).toEqual(['glacier', 'aurora-waves', 'aurora']);
    await searchbox().press('ArrowDown');
    await searchbox().press('ArrowDown');
    await searchbox().press('ArrowDown');
    await searchbox().press('ArrowUp');
    expect(await list.getByRole('option', { selected: true }).textContent()).toBe('aurora-waves');
    await searchbox().press('Enter');
    expect(await searchbox().inputValue()).toBe('aurora-waves');
    await expect.poll(() => gridImageNames(page)).toEqual(['aurora-waves.jpg']);

    await searchbox().fill('');
    await page.getByRole('button', { name: 'Clear recent searches' }).click();
    await expect.poll(() => list.count()).toBe(0);
  });

  it('filters by type and sorts by name', async () => {
    await searchbox().fill('a');
    await chip(page, 'Bulk').click();
    await expect.poll(() => chip(page, 'Bulk').getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => chip(page, 'Studio').textContent()).toContain('3 images');
    // Type groups as designers name them (preload/image-types.ts); only groups with results are offered.
    await page.getByLabel('Type').selectOption('vectors');
    await expect.poll(() => gridImageNames(page)).toEqual(['pastel-blobs.svg']);
    await page.getByLabel('Type').selectOption('all');
    await page.getByLabel('Sort').selectOption('name');
    await expect
      .poll(async () => (await gridImageNames(page)).slice(0, 3))
      .toEqual(['aurora-gradient.png', 'aurora-studio.png', 'aurora-waves.jpg']);
    await page.getByLabel('Sort').selectOption('relevance');
    await chip(page, 'Bulk').click();
  });

  it('pages in more results as the grid scrolls, and renders only what is on screen', async () => {
    // Once its name index is complete and live, Bulk answers from the index alone: the cursors are the index's.
    await expect.poll(() => chip(page, 'Bulk').textContent()).toContain('Live');
    await searchbox().fill('bulk-');
    await expect.poll(() => chip(page, 'Bulk').textContent()).toContain('450 images');
    const grid = page.getByRole('grid');
    await expect.poll(() => grid.getAttribute('aria-rowcount')).not.toBeNull();
    const rows = async () => Number(await grid.getAttribute('aria-rowcount'));
    const firstRows = await rows();
    const columns = Number(await grid.getAttribute('aria-colcount'));
    expect(firstRows).toBe(Math.ceil(200 / columns));
    expect((await gridImageNames(page)).slice(0, 2)).toEqual(['bulk-0001.png', 'bulk-0002.png']);
    // Virtualised: a screenful of cells in the DOM, not two hundred.
    expect(await page.getByRole('gridcell').count()).toBeLessThan(80);

    const scrollToEnd = () => page.locator('.results-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect
      .poll(async () => {
        await scrollToEnd();
        return rows();
      })
      .toBe(Math.ceil(450 / columns));
    await scrollToEnd();
    await expect.poll(() => page.getByRole('img', { name: 'bulk-0450.png' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'bulk-0200.png' }).count()).toBe(0);
    expect(
      tap.calls
        .filter((c) => c.channel === 'search.connection' && c.input?.connectionId === bulk.id && c.input.text === 'bulk-')
        .map((c) => c.input?.cursor),
    ).toEqual([undefined, 'ix:200', 'ix:400']);
    await screenshot(page, 'search-panel-paged');
  });

  it('drags a tile out with the real file, and shows progress while the original is being prepared', async () => {
    // A fresh page: an earlier test's query ('a') had this file on screen, and once its on-screen
    // prefetch finished the page rightly starts its drag at once, with nothing to show.
    await reopen();
    // Held from before the search: the answers of the on-screen prefetch and the pointer-down one,
    // and main's word that the original is on disk (a local file copies at once; a slow download
    // is what the page must be seeing for this test).
    tap.hold = (call) => call.channel === 'item.prefetch' && call.input?.itemId === 'harbor-studio.jpg';
    tap.holdEvent = (event) => event.name === 'download.progress' && event.payload?.itemId === 'harbor-studio.jpg';
    await searchbox().fill('harbor-studio');
    const image = page.getByRole('img', { name: 'harbor-studio.jpg' });
    await expect.poll(() => image.count()).toBe(1);

    const dragged = app.next('DRAG');
    const box = await image.boundingBox();
    if (!box) throw new Error('the tile has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 8 });
    await page.mouse.up();

    const file = await dragged;
    expect(file.endsWith('harbor-studio.jpg')).toBe(true);
    expect(readFileSync(file).equals(readFileSync(join(samples, 'harbor-sunset.jpg')))).toBe(true);
    const progress = page.getByRole('progressbar', { name: 'Downloading harbor-studio.jpg' });
    await expect.poll(() => progress.count()).toBe(1);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'harbor-studio.jpg is still downloading' }).count()).toBe(1);
    await screenshot(page, 'search-panel-drag-preparing');
    tap.release();
    await expect.poll(() => page.getByRole('gridcell').filter({ hasText: 'Ready — drag again' }).count()).toBe(1);
    expect(await progress.count()).toBe(0);
  });

  it('drags from the preview image too, with the file keeping its real name', async () => {
    await searchbox().fill('glacier-studio');
    await expect.poll(() => page.getByRole('img', { name: 'glacier-studio.jpg' }).count()).toBe(1);
    await page.getByRole('img', { name: 'glacier-studio.jpg' }).dblclick();
    const stage = page.getByRole('complementary', { name: 'glacier-studio.jpg' }).locator('.preview-stage');
    await expect.poll(() => stage.count()).toBe(1);
    const dragged = app.next('DRAG');
    await stage.dragTo(searchbox());
    const file = await dragged;
    expect(file.endsWith(join('winter', 'glacier-studio.jpg'))).toBe(true);
    expect(readFileSync(file).equals(readFileSync(join(samples, 'nature', 'glacier-blue.jpg')))).toBe(true);
    await page.getByRole('button', { name: 'Close preview' }).click();
  });

  it('asks for a new thumbnail once its tile is painted, and at once for one this page has shown', async () => {
    // A file no screen has shown yet (the Studio folder's watcher indexes it).
    copyFileSync(join(samples, 'harbor-sunset.jpg'), join(work, 'studio', 'quayside-dusk.jpg'));
    // For each tile of it put on the page: did its image ask for the thumbnail right then?
    await page.evaluate(() => {
      const asked: boolean[] = [];
      (window as unknown as { askedAtInsertion: boolean[] }).askedAtInsertion = asked;
      new MutationObserver((records) => {
        for (const record of records)
          for (const node of record.addedNodes)
            if (node instanceof HTMLElement)
              for (const img of node.querySelectorAll('img[alt="quayside-dusk.jpg"]')) asked.push(img.hasAttribute('src'));
      }).observe(document.body, { childList: true, subtree: true });
    });
    const askedAtInsertion = () => page.evaluate(() => (window as unknown as { askedAtInsertion: boolean[] }).askedAtInsertion);
    const image = currentResults(page, 'quayside').getByRole('img', { name: 'quayside-dusk.jpg' });

    await expect.poll(async () => (await searchbox().fill('quayside'), await image.count()), { timeout: 20_000 }).toBe(1);
    expect((await askedAtInsertion())[0]).toBe(false);
    await expect.poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

    await searchbox().fill('lava');
    await expect.poll(() => gridImageNames(page)).toEqual(['lava-flow.webp']);
    await searchbox().fill('quayside');
    await expect.poll(() => image.count()).toBe(1);
    expect((await askedAtInsertion()).at(-1)).toBe(true);
  });

  it('shows the cache size and clears it', async () => {
    await page.getByRole('button', { name: 'Cache' }).click();
    const region = page.getByRole('region', { name: 'Image cache' });
    await expect.poll(() => region.textContent()).toMatch(/[1-9][\d.]* (KB|MB) used/);
    await screenshot(page, 'search-panel-cache');
    await region.getByRole('button', { name: 'Clear cache' }).click();
    await expect.poll(() => region.getByRole('status').textContent()).toBe('Cache cleared.');
    expect(await region.textContent()).toContain('0 B used · 0 files');
    await region.getByLabel('Keep at most').selectOption('250');
    await expect.poll(() => region.getByRole('status').textContent()).toBe('Cache limit saved.');
    await page.keyboard.press('Escape');
    await expect.poll(() => region.count()).toBe(0);
    // Thumbnails come back from the providers after a clear.
    await searchbox().fill('sunset');
    const thumb = page.getByRole('img', { name: 'harbor-sunset.jpg' });
    await expect.poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  });

  it('has no serious accessibility problems, with results, an error, the recent list and the preview, light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await searchbox().fill('a');
      await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Archive drive' }).count()).toBe(1);
      await expect.poll(() => currentResults(page, 'a').getByRole('gridcell').count()).toBeGreaterThan(3);
      expect(await seriousViolations(page, '.search-layout')).toEqual([]);
      await screenshot(page, `search-panel-results-${scheme}`);

      await searchbox().press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('complementary').count()).toBe(1);
      await expect.poll(() => page.locator('.preview-loaded').count()).toBe(1);
      expect(await seriousViolations(page, '.preview')).toEqual([]);
      await screenshot(page, `search-panel-preview-${scheme}`);
      await page.keyboard.press('Escape');

      await searchbox().fill('zzzz-nothing');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'No images named like' }).count()).toBe(1);
      expect(await seriousViolations(page, '.search-layout')).toEqual([]);
      await screenshot(page, `search-panel-no-results-${scheme}`);

      await searchbox().fill('aurora');
      await searchbox().press('Enter');
      await searchbox().fill('');
      await expect.poll(() => page.getByRole('listbox', { name: 'Recent searches' }).count()).toBe(1);
      await searchbox().press('ArrowDown');
      expect(await seriousViolations(page, '.search-layout')).toEqual([]);
      await screenshot(page, `search-panel-recent-${scheme}`);
      await searchbox().press('Escape');
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
