import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, ConnectionSummary, SkyhookBridge } from '../../preload/contract';
import type { FakeBox } from '../fakes/box';
import { demoCredentials, type DemoData } from '../fakes/box/demo';
import { openBoxDemo, type BoxDemo } from '../harness/box-demo';
import { chromiumPath, hasChromium, screenshot } from '../harness/browser';
import { appShown } from '../harness/skyhook-page';
import { seriousViolations } from '../harness/axe';
import type { HeadlessApp } from '../harness/headless-app';
import { psdFile } from '../harness/psd-file';

/**
 * The search panel as designers use it (issue #15, "Designers"): a local "Studio" folder of
 * design files, two Box connections reaching the same Box (one tile per file), a Box
 * connection whose secret is wrong (designer words), the first-run hint, selecting and
 * dragging several, copying, browsing folders, and the home screen.
 */

if (!hasChromium) console.warn(`Skipping the designers end-to-end tests: no Chromium at ${chromiumPath} (apt-get install chromium).`);

const samples = join(import.meta.dirname, '..', '..', 'assets', 'samples');

type Draft = Parameters<SkyhookBridge['connections.save']>[0];

async function save(page: Page, draft: Draft): Promise<ConnectionSummary> {
  const result = await page.evaluate((d) => (window as unknown as { skyhook: SkyhookBridge }).skyhook['connections.save'](d), draft);
  if (!result.ok) throw new Error(`could not save ${draft.name}: ${result.error.message}`);
  return (result as Extract<CallResult<ConnectionSummary>, { ok: true }>).value;
}

async function bridgeCall<T>(page: Page, channel: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    ([c, i]) =>
      (window as unknown as { skyhook: Record<string, (input: unknown) => Promise<CallResult<unknown>>> }).skyhook[c as string]!(i),
    [channel, input] as const,
  );
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

describe.runIf(hasChromium)('designers: one tile per file, design types, several at once, hint, words, home, browse', () => {
  let world: BoxDemo | undefined;
  let box: FakeBox;
  let demo: DemoData;
  let app: HeadlessApp;
  let page: Page;
  let work: string;
  let studio: ConnectionSummary;
  let marketing: ConnectionSummary;
  let broken: ConnectionSummary;

  const searchbox = () => page.getByRole('searchbox', { name: 'Search images' });
  // The chip's own toggle (a chip may carry more buttons: Sign in, the index's Retry).
  const chip = (name: string) => page.getByRole('navigation', { name: 'Connections to search' }).locator('.chip-toggle', { hasText: name });
  const cells = () => page.getByRole('gridcell');
  const cellOf = (name: string) =>
    cells().filter({ has: page.locator('.tile-name', { hasText: new RegExp(`^${name.replace(/[.]/g, '\\.')}$`) }) });
  const names = () => page.locator('[role=gridcell] .tile-name').allTextContents();
  const reopen = async () => {
    await page.goto('about:blank');
    await page.goto(app.url);
    await appShown(page);
  };
  const viewports = [
    { width: 1280, height: 800 },
    { width: 900, height: 600 },
  ] as const;
  /** Screenshots at both sizes and both colour schemes, with the accessibility scan on each. */
  async function shootAll(name: string): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const size of viewports) {
        await page.setViewportSize(size);
        await screenshot(page, `designers-${name}-${size.width}-${scheme}`);
      }
      expect(await seriousViolations(page, '.search-layout')).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize(viewports[0]);
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'skyhook-designers-'));
    const studioDir = join(work, 'studio');
    mkdirSync(join(studioDir, 'Brand', 'Logos'), { recursive: true });
    const composite = await sharp({ create: { width: 160, height: 120, channels: 3, background: '#d9480f' } })
      .jpeg()
      .toBuffer();
    writeFileSync(join(studioDir, 'Brand', 'artwork-layers.psd'), psdFile(composite));
    writeFileSync(join(studioDir, 'Brand', 'artwork-flat.psd'), psdFile(undefined));
    writeFileSync(join(studioDir, 'shoot-0001.CR3'), randomBytes(2048));
    writeFileSync(join(studioDir, 'shoot-0002.dng'), randomBytes(2048));
    writeFileSync(
      join(studioDir, 'Brand', 'Logos', 'mark.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="28" fill="#3b5bdb"/></svg>',
    );
    copyFileSync(join(samples, 'harbor-sunset.jpg'), join(studioDir, 'Brand', 'harbor-artwork.jpg'));
    copyFileSync(join(samples, 'aurora-gradient.png'), join(studioDir, 'aurora-artwork.png'));
    await sharp({ create: { width: 200, height: 150, channels: 3, background: '#2b8a3e' } })
      .webp()
      .toFile(join(studioDir, 'leaf-artwork.webp'));

    world = await openBoxDemo(viewports[0], { SKYHOOK_DOWNLOADS_DIR: join(work, 'downloads') });
    ({ box, demo, app, page } = world);
    studio = await save(page, { kind: 'local', name: 'Studio', config: { folder: studioDir }, secrets: {} });
  });

  afterAll(async () => {
    expect(await world?.close()).toBe(0);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('finds, types and previews design files: PSD by its composite, the rest with a typed badge; the Type filter offers only groups with results', async () => {
    await reopen();
    await searchbox().fill('artwork');
    await expect
      .poll(async () => (await names()).sort())
      .toEqual(['artwork-flat.psd', 'artwork-layers.psd', 'aurora-artwork.png', 'harbor-artwork.jpg', 'leaf-artwork.webp']);
    // The PSD shows its embedded composite (a real picture, naturalWidth > 0).
    const composite = cellOf('artwork-layers.psd').getByRole('img', { name: 'artwork-layers.psd' });
    await expect.poll(() => composite.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    // A PSD saved without one gets the typed placeholder.
    await expect.poll(() => cellOf('artwork-flat.psd').locator('.tile-placeholder').textContent()).toBe('PSD');
    const type = page.getByLabel('Type');
    expect(await type.locator('option').allTextContents()).toEqual(['All types', 'Photos (3)', 'Layered (2)']);
    await type.selectOption('layered');
    await expect.poll(async () => (await names()).sort()).toEqual(['artwork-flat.psd', 'artwork-layers.psd']);
    await shootAll('types');
    await type.selectOption('all');

    await searchbox().fill('shoot');
    await expect.poll(async () => (await names()).sort()).toEqual(['shoot-0001.CR3', 'shoot-0002.dng']);
    await expect.poll(() => page.locator('.tile-placeholder').allTextContents()).toEqual(expect.arrayContaining(['CR3', 'DNG']));
    expect(await page.getByLabel('Type').locator('option').allTextContents()).toEqual(['All types', 'Camera raw (2)']);
  });

  it('shows the first-run hint until it is closed, and remembers that; the drag cue shows on hover and focus', async () => {
    await searchbox().fill('artwork');
    const hint = page.getByRole('region', { name: 'Tip' });
    await expect.poll(() => hint.textContent()).toContain('Drag any image onto Figma, Photoshop, Keynote');
    const tile = cellOf('harbor-artwork.jpg');
    const cue = tile.locator('.tile-drag-cue');
    // Not drawn at all until the tile is pointed at or focused (see designer.css).
    const drawn = (el: Element) => {
      const style = getComputedStyle(el);
      return `${style.display} ${style.opacity}`;
    };
    expect(await cue.evaluate(drawn)).toBe('none 1');
    await tile.hover();
    await expect.poll(() => cue.evaluate(drawn)).toBe('block 1');
    await screenshot(page, 'designers-hint-and-cue');
    await hint.getByRole('button', { name: 'Got it' }).click();
    expect(await hint.count()).toBe(0);
    await reopen();
    await searchbox().fill('artwork');
    await expect.poll(() => cells().count()).toBeGreaterThan(0);
    expect(await page.getByRole('region', { name: 'Tip' }).count()).toBe(0);
    expect(JSON.parse(readFileSync(join(app.dataDir, 'settings.json'), 'utf8')).dragHintDismissed).toBe(true);
    // Keyboard focus shows the cue too.
    await searchbox().press('ArrowDown');
    const focusedCue = page.locator('[role=gridcell]:focus .tile-drag-cue');
    await expect.poll(() => focusedCue.evaluate(drawn)).toBe('block 1');
  });

  it('selects several with Ctrl/Shift-click and Ctrl-A, drags them all, and copies the focused image with Ctrl-C', async () => {
    await searchbox().fill('artwork');
    await page.getByLabel('Sort').selectOption('name');
    await expect
      .poll(() => names())
      .toEqual(['artwork-flat.psd', 'artwork-layers.psd', 'aurora-artwork.png', 'harbor-artwork.jpg', 'leaf-artwork.webp']);
    await cellOf('aurora-artwork.png').click();
    await cellOf('leaf-artwork.webp').click({ modifiers: ['Shift'] });
    await cellOf('artwork-layers.psd').click({ modifiers: ['Control'] });
    const selected = () => page.locator('[role=gridcell][aria-selected=true] .tile-name').allTextContents();
    expect(await selected()).toEqual(['artwork-layers.psd', 'aurora-artwork.png', 'harbor-artwork.jpg', 'leaf-artwork.webp']);
    await cellOf('harbor-artwork.jpg').click({ modifiers: ['Control'] });
    expect(await selected()).toEqual(['artwork-layers.psd', 'aurora-artwork.png', 'leaf-artwork.webp']);
    expect(await page.locator('.selection-bar').textContent()).toContain('3 images selected');
    await screenshot(page, 'designers-selection');

    // Dragging one of the selection drags all three, the dragged one first, each as its file.
    const before = app.lines.length;
    const image = cellOf('leaf-artwork.webp').getByRole('img');
    const box0 = await image.boundingBox();
    if (!box0) throw new Error('the tile has no box');
    await page.mouse.move(box0.x + box0.width / 2, box0.y + box0.height / 2);
    await page.mouse.down();
    await page.mouse.move(box0.x + box0.width / 2 + 60, box0.y + box0.height / 2 + 40, { steps: 8 });
    await page.mouse.up();
    const dragged = () =>
      app.lines
        .slice(before)
        .filter((l) => l.startsWith('SKYHOOK_DRAG='))
        .map((l) => l.slice('SKYHOOK_DRAG='.length));
    await expect.poll(() => dragged().length).toBe(3);
    expect(dragged().map((f) => f.split(/[\\/]/).pop())).toEqual(['leaf-artwork.webp', 'artwork-layers.psd', 'aurora-artwork.png']);
    expect(readFileSync(dragged()[2]!).equals(readFileSync(join(samples, 'aurora-gradient.png')))).toBe(true);

    // Ctrl-A selects every result; Ctrl-C copies the focused one.
    await cellOf('harbor-artwork.jpg').focus();
    await page.keyboard.press('Control+a');
    expect(await selected()).toHaveLength(5);
    const copied = app.next('COPY');
    await page.keyboard.press('Control+c');
    expect(readFileSync(await copied).equals(readFileSync(join(samples, 'harbor-sunset.jpg')))).toBe(true);
    await expect.poll(() => page.locator('.search-layout > [role=status]').textContent()).toBe('Copied harbor-artwork.jpg.');
    await page.getByLabel('Sort').selectOption('relevance');
  });

  it('browses a folder: breadcrumbs, back and forward, the same grid, keyboard and drag', async () => {
    await page.getByLabel("Browse a connection's folders").selectOption({ label: 'Studio' });
    const path = page.getByRole('navigation', { name: 'Folder path' });
    await expect.poll(() => path.textContent()).toBe('Studio');
    const folders = page.getByRole('list', { name: 'Folders' });
    await expect.poll(() => folders.getByRole('button').allTextContents()).toEqual(['Brand']);
    expect((await names()).sort()).toEqual(['aurora-artwork.png', 'leaf-artwork.webp', 'shoot-0001.CR3', 'shoot-0002.dng']);
    await folders.getByRole('button', { name: 'Brand' }).click();
    await expect.poll(async () => (await names()).sort()).toEqual(['artwork-flat.psd', 'artwork-layers.psd', 'harbor-artwork.jpg']);
    await folders.getByRole('button', { name: 'Logos' }).click();
    await expect.poll(() => names()).toEqual(['mark.svg']);
    expect(await path.getByRole('listitem').allTextContents()).toEqual(['Studio', 'Brand', 'Logos']);
    await shootAll('browse');

    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await expect.poll(() => path.locator('[aria-current=page]').textContent()).toBe('Brand');
    await page.getByRole('button', { name: 'Forward', exact: true }).click();
    await expect.poll(() => path.locator('[aria-current=page]').textContent()).toBe('Logos');
    await path.getByRole('button', { name: 'Studio' }).click();
    await expect.poll(() => path.locator('[aria-current=page]').textContent()).toBe('Studio');
    // Alt+← goes back from anywhere in the results, the keyboard way.
    await page.getByRole('grid').getByRole('gridcell').first().focus();
    await page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(() => path.locator('[aria-current=page]').textContent()).toBe('Logos');

    // The grid is the search grid: arrows, Enter previews, and a drag delivers the file.
    await page.getByRole('gridcell').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('complementary', { name: 'mark.svg' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    const dragged = app.next('DRAG');
    await cellOf('mark.svg').getByRole('img').dragTo(searchbox());
    expect((await dragged).endsWith(join('Brand', 'Logos', 'mark.svg'))).toBe(true);

    // Typing searches again.
    await searchbox().fill('aurora');
    await expect.poll(() => path.count()).toBe(0);
    await expect.poll(async () => (await names()).sort()).toEqual(['aurora-artwork.png', 'aurora-gradient.png', 'aurora-waves.jpg']);
  });

  it('with a Box connection, Samples turn themselves off and the home screen shows the newest Box images; Samples can come back', async () => {
    marketing = await save(page, {
      kind: 'box-ccg',
      name: 'Box — Marketing',
      config: { clientId: demoCredentials.ccgClientId, subjectType: 'enterprise', subjectId: box.state.enterpriseId },
      secrets: { clientSecret: demoCredentials.ccgClientSecret },
    });
    await reopen();
    await searchbox().fill('');
    await expect.poll(() => chip('Samples').count()).toBe(0);
    const newestFirst = [...box.state.files.values()]
      .filter((f) => demo.sharedImages.includes(f.name))
      .sort((a, b) => Date.parse(b.modifiedAt) - Date.parse(a.modifiedAt))
      .map((f) => f.name);
    // Box's search does not list the file uploaded a moment ago yet; the name index, once
    // complete, does: either may answer the home screen.
    await expect.poll(async () => (await names()).filter((n) => demo.sharedImages.includes(n))).toEqual(newestFirst);
    expect(await names()).not.toContain('harbor-sunset.jpg');
    // The recent-searches list opens under a focused empty field: closed for the pictures.
    await searchbox().press('Escape');
    await shootAll('home');

    // Turned back on, Samples stay on (they retire once only).
    await bridgeCall(page, 'connections.setEnabled', {
      id: (await bridgeCall<ConnectionSummary[]>(page, 'connections.list', {})).find((c) => c.name === 'Samples')!.id,
      enabled: true,
    });
    await save(page, {
      kind: 'box-ccg',
      name: 'Box — Design team',
      config: { clientId: demoCredentials.ccgClientId, subjectType: 'enterprise', subjectId: box.state.enterpriseId },
      secrets: { clientSecret: demoCredentials.ccgClientSecret },
    });
    await reopen();
    await expect.poll(() => chip('Samples').count()).toBe(1);
  });

  it('shows a file two connections reach once, with "also in"; drag and open use the first-reached connection', async () => {
    await chip('Samples').click();
    await chip('Studio').click();
    await searchbox().fill('file-logo');
    await expect.poll(() => chip('Box — Design team').textContent()).toContain('2 images');
    await expect.poll(() => chip('Box — Marketing').textContent()).toContain('2 images');
    await expect.poll(async () => (await names()).sort()).toEqual(['file-logo-mono.png', 'file-logo-primary.png']);
    const tile = cellOf('file-logo-primary.png');
    const source = (await tile.locator('.tile-source').textContent()) ?? '';
    expect(source).toMatch(/^Box — (Marketing|Design team) · also in Box — (Marketing|Design team)$/);
    await screenshot(page, 'designers-one-tile-per-file');
    const dragged = app.next('DRAG');
    await tile.getByRole('img').dragTo(searchbox());
    const file = await dragged;
    const fake = [...box.state.files.values()].find((f) => f.name === 'file-logo-primary.png')!;
    expect(Buffer.from(readFileSync(file)).equals(Buffer.from(fake.bytes))).toBe(true);
    await chip('Samples').click();
    await chip('Studio').click();
  });

  it('says in designer words when a connection cannot sign in, with details to copy, Hide and Turn off', async () => {
    broken = await save(page, {
      kind: 'box-ccg',
      name: 'Box — Archive',
      config: { clientId: demoCredentials.ccgClientId, subjectType: 'enterprise', subjectId: box.state.enterpriseId },
      secrets: { clientSecret: 'not-the-secret' },
    });
    await reopen();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await searchbox().fill('harbor');
    const alert = page.getByRole('alert').filter({ hasText: 'Box — Archive' });
    await expect.poll(() => alert.textContent()).toContain("Box — Archive can't sign in; your admin needs to update it");
    await alert.getByRole('button', { name: 'Copy details for your admin' }).click();
    const details = await page.evaluate(() => navigator.clipboard.readText());
    expect(details).toContain('Skyhook connection "Box — Archive" (Box — Client Credentials) can\'t sign in.');
    expect(details).toMatch(/Error code: \w+/);
    expect(details).not.toContain('not-the-secret');
    await shootAll('admin-problem');
    await alert.getByRole('button', { name: 'Hide' }).click();
    expect(await alert.count()).toBe(0);
    await reopen();
    await searchbox().fill('harbor');
    await expect.poll(() => alert.count()).toBe(1);
    await alert.getByRole('button', { name: 'Turn off' }).click();
    await expect.poll(() => chip('Box — Archive').count()).toBe(0);
    const summary = (await bridgeCall<ConnectionSummary[]>(page, 'connections.list', {})).find((c) => c.id === broken.id);
    expect(summary?.enabled).toBe(false);
  });

  it('names the service account to share folders with when a Box search finds nothing', async () => {
    await bridgeCall(page, 'connections.testSaved', { id: marketing.id });
    await reopen();
    await searchbox().fill('quarterly');
    const login = box.state.serviceAccount(demo.ccg).login;
    const empty = page.getByRole('status').filter({ hasText: 'No images named like' });
    await expect.poll(() => empty.textContent()).toContain(`Box — Marketing sees only folders shared with ${login}`);
    expect(await empty.getByRole('button', { name: `Copy ${login}` }).count()).toBe(1);
    await shootAll('share-with-service-account');
  });

  it('with every connection turned off, says so and offers Import as well as Add connection', async () => {
    for (const c of await bridgeCall<ConnectionSummary[]>(page, 'connections.list', {})) {
      await bridgeCall(page, 'connections.setEnabled', { id: c.id, enabled: false });
    }
    await reopen();
    const empty = page.getByRole('status').filter({ hasText: 'Every connection is turned off' });
    await expect.poll(() => empty.count()).toBe(1);
    expect(await empty.getByRole('button').allTextContents()).toEqual(['Open connections', 'Add connection', 'Import profile']);
    await shootAll('all-off');
    await empty.getByRole('button', { name: 'Import profile' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    expect(studio.id).toBeTruthy();
  });
});
