import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import type { ConnectionSummary, SkyhookBridge } from '../../preload/contract';
import { startFakeBox, type FakeBox } from '../fakes/box';
import { sha1 } from '../fakes/box/state';
import { setLink, type LinkOptions } from '../fakes/link';
import { launchBrowser } from './browser';
import { startHeadlessApp, type HeadlessApp } from './headless-app';
import { appShown, currentResults } from './skyhook-page';

/** A plain JPEG the size of a Box thumbnail, for the fake to serve as every file's thumbnail. */
export const thumbnailJpeg = async (background = '#3b5bdb'): Promise<Uint8Array> =>
  new Uint8Array(
    await sharp({ create: { width: 320, height: 240, channels: 3, background } })
      .jpeg()
      .toBuffer(),
  );

export interface BoxWorldFile {
  name: string;
  /** Bytes of the original (random; a drag only needs it on disk). */
  size: number;
  /** Box's `modified_at` (the home screen lists newest first). */
  modifiedAt?: string;
}

export interface BoxWorld {
  box: FakeBox;
  app: HeadlessApp;
  browser: Browser;
  page: Page;
  connection: ConnectionSummary;
  searchbox(): ReturnType<Page['getByRole']>;
  close(): Promise<void>;
}

/**
 * A designer's Box (Client Credentials) seen through the browser bridge: the fake Box
 * behind `link` (round trip + shared bandwidth), the headless app, Chromium on its page,
 * and the connection saved and signed in (its token warm after one search). `setup` runs on
 * the fake before the connection is saved (held crawls, injected failures).
 */
export async function startBoxWorld(
  files: readonly BoxWorldFile[],
  thumbnail: Uint8Array,
  link?: LinkOptions,
  setup?: (box: FakeBox) => void,
): Promise<BoxWorld> {
  const box = await startFakeBox();
  const ccg = box.state.addApp({ authMethod: 'ccg' });
  const designer = box.state.addUser({ name: 'Dana Designer', enterpriseId: box.state.enterpriseId });
  const folder = box.state.addFolder({ name: 'Brand', ownerId: designer.id, sharedWith: [ccg.serviceAccountId] });
  const largest = Math.max(1, ...files.map((f) => f.size));
  const pool = randomBytes(largest);
  for (const file of files) {
    const bytes = new Uint8Array(pool.buffer, pool.byteOffset, file.size);
    // Box's SHA-1 is worked out now, not inside the first search that lists the file.
    sha1(bytes);
    box.state.addFile({
      name: file.name,
      bytes,
      thumbnail,
      ownerId: designer.id,
      parentId: folder.id,
      ...(file.modifiedAt ? { modifiedAt: file.modifiedAt } : {}),
    });
  }
  setup?.(box);
  const app = await startHeadlessApp({
    SKYHOOK_BOX_API_URL: box.apiUrl,
    SKYHOOK_BOX_ACCOUNT_URL: box.accountUrl,
    SKYHOOK_BOX_APP_URL: box.appUrl,
  });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(app.url);
  const searchbox = () => page.getByRole('searchbox', { name: 'Search images' });
  await appShown(page);
  const connection = await saveBoxCcg(page, box, ccg);
  if (link) setLink(box.state, link);
  // A fresh page: the saved connection is searched. One search takes the token.
  await page.reload();
  await appShown(page);
  return {
    box,
    app,
    browser,
    page,
    connection,
    searchbox,
    close: async () => {
      await browser.close();
      await app.stop();
      await box.close();
      rmSync(app.dataDir, { recursive: true, force: true });
    },
  };
}

/** Saves a Client Credentials connection to `ccg` as its service account, through the page's bridge. */
export async function saveBoxCcg(
  page: Page,
  box: FakeBox,
  ccg: { clientId: string; clientSecret: string },
  name = 'Brand Box',
): Promise<ConnectionSummary> {
  const saved = await page.evaluate(
    ([connectionName, clientId, clientSecret, enterpriseId]) =>
      (window as unknown as { skyhook: SkyhookBridge }).skyhook['connections.save']({
        kind: 'box-ccg',
        name: connectionName ?? '',
        config: { clientId: clientId ?? '', subjectType: 'enterprise', subjectId: enterpriseId ?? '' },
        secrets: { clientSecret: clientSecret ?? '' },
      }),
    [name, ccg.clientId, ccg.clientSecret, box.state.enterpriseId],
  );
  if (!saved.ok) throw new Error(`could not save the Box connection: ${saved.error.message}`);
  return saved.value;
}

/** Starts the page's own drag of a result, as a drag that begins without a hover (no pointer events before it). */
export async function dragWithoutHover(page: Page, name: string): Promise<void> {
  await currentResults(page)
    .getByRole('gridcell')
    .filter({ has: page.getByRole('img', { name, exact: true }) })
    .evaluate((tile) => {
      tile.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer: new DataTransfer() }));
    });
}
