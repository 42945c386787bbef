import { basename } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, screenshot } from '../harness/browser';
import type { SkyhookBridge } from '../../preload/contract';
import { holdDownloads, type DownloadHold } from '../fakes/download-hold';
import { dragWithoutHover, startBoxWorld, thumbnailJpeg, type BoxWorld } from '../harness/box-world';
import { appShown, currentResults } from '../harness/skyhook-page';

/**
 * A drag that never does nothing (issue #13): a Box original still downloading at
 * dragstart is named at once (SKYHOOK_DRAG_NOT_READY, what the desktop app would have
 * missed), the tile shows the download and then "Ready — drag again"; with the setting
 * on, the large preview goes instead, named as a preview. The fake Box holds the downloads
 * open until the test lets them finish, so the drag always comes first.
 */
describe.runIf(hasChromium)('drag readiness: a Box original not yet on disk', () => {
  let world: BoxWorld;
  const mb = 1024 * 1024;
  let hold: DownloadHold | undefined;

  beforeAll(async () => {
    const thumbnail = await thumbnailJpeg();
    world = await startBoxWorld(
      [
        { name: 'hero-shot.jpg', size: 4 * mb },
        { name: 'poster-final.jpg', size: 4 * mb },
        { name: 'moodboard.jpg', size: 4 * mb },
      ],
      thumbnail,
      undefined,
      // Held from the start: the originals of the results on screen are fetched ahead of a
      // drag, and the home screen's could otherwise be on disk before the first test holds them.
      (box) => (hold = holdDownloads(box.state)),
    );
  }, 120_000);

  afterEach(() => hold?.resume());
  afterAll(async () => {
    await world?.close();
  });

  const showResult = async (query: string, name: string) => {
    await world.searchbox().fill(query);
    const image = currentResults(world.page, query).getByRole('img', { name, exact: true });
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0).catch(() => false), { timeout: 20_000 })
      .toBe(true);
  };

  it('names the file at once, shows the download on the tile, then "Ready — drag again" and a drag that carries it', async () => {
    const { page, app } = world;
    const held = hold;
    if (!held) throw new Error('downloads are held from the start');
    await showResult('hero', 'hero-shot.jpg');
    const notReady = app.next('DRAG_NOT_READY');
    const dragged = app.next('DRAG');
    await dragWithoutHover(page, 'hero-shot.jpg');

    expect(await notReady).toBe('hero-shot.jpg');
    const tile = page.getByRole('gridcell').filter({ has: page.getByRole('img', { name: 'hero-shot.jpg' }) });
    await expect.poll(() => tile.getByRole('progressbar', { name: 'Downloading hero-shot.jpg' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'hero-shot.jpg is still downloading' }).count()).toBe(1);
    await screenshot(page, 'drag-not-ready');

    held.resume();
    const file = await dragged;
    expect(basename(file)).toBe('hero-shot.jpg');
    await expect.poll(() => tile.filter({ hasText: 'Ready — drag again' }).count(), { timeout: 30_000 }).toBe(1);

    // The next drag finds it on disk: no notice, the same file.
    const before = app.lines.length;
    const again = app.next('DRAG');
    await dragWithoutHover(page, 'hero-shot.jpg');
    expect(await again).toBe(file);
    expect(app.lines.slice(before).some((line) => line.startsWith('SKYHOOK_DRAG_NOT_READY='))).toBe(false);
  }, 60_000);

  it('with "drag the preview while the original downloads" on, drags "<name> (preview).webp" instead', async () => {
    const { page, app } = world;
    await page.evaluate(() =>
      localStorage.setItem('skyhook.dragPrefs', JSON.stringify({ prefetchVisible: true, previewWhileDownloading: true })),
    );
    await page.reload();
    await appShown(page);
    hold = holdDownloads(world.box.state);
    await showResult('poster', 'poster-final.jpg');
    const notReady = app.next('DRAG_NOT_READY');
    const dragged = app.next('DRAG');
    await dragWithoutHover(page, 'poster-final.jpg');
    expect(await notReady).toBe('poster-final.jpg');
    expect(basename(await dragged)).toBe('poster-final (preview).webp');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Dragging a preview of poster-final.jpg' }).count()).toBe(1);
  }, 60_000);

  it('says so on the tile when main refuses a drag the page thought was ready (the cache was cleared since)', async () => {
    const { page, app } = world;
    await page.evaluate(() => localStorage.removeItem('skyhook.dragPrefs'));
    await page.reload();
    await appShown(page);
    await showResult('moodboard', 'moodboard.jpg');
    // On disk, and the page knows it: a drag goes at once, with no notice.
    await page.evaluate(
      async ([connectionId, itemId]) => {
        const skyhook = (window as unknown as { skyhook: SkyhookBridge }).skyhook;
        await skyhook['item.prefetch']({ connectionId: connectionId ?? '', itemId: itemId ?? '' });
      },
      [world.connection.id, [...world.box.state.files.values()].find((f) => f.name === 'moodboard.jpg')?.id],
    );
    const tile = page.getByRole('gridcell').filter({ has: page.getByRole('img', { name: 'moodboard.jpg' }) });
    const first = app.next('DRAG');
    const before = app.lines.length;
    await dragWithoutHover(page, 'moodboard.jpg');
    await first;
    expect(app.lines.slice(before).some((line) => line.startsWith('SKYHOOK_DRAG_NOT_READY='))).toBe(false);
    expect(await tile.getByRole('progressbar').count()).toBe(0);

    // Behind the page's back the original goes (as "Clear cache" does); the next drag is
    // refused by main, and the tile shows the download although the page guessed ready.
    hold = holdDownloads(world.box.state);
    await page.evaluate(() => (window as unknown as { skyhook: SkyhookBridge }).skyhook['media.clearCache']({}));
    const notReady = app.next('DRAG_NOT_READY');
    await dragWithoutHover(page, 'moodboard.jpg');
    expect(await notReady).toBe('moodboard.jpg');
    await expect.poll(() => tile.getByRole('progressbar', { name: 'Downloading moodboard.jpg' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'moodboard.jpg is still downloading' }).count()).toBe(1);
    hold.resume();
    await expect.poll(() => tile.filter({ hasText: 'Ready — drag again' }).count(), { timeout: 30_000 }).toBe(1);
  }, 60_000);
});
