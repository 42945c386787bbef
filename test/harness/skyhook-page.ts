import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { startHeadlessApp, type HeadlessApp } from './headless-app';

export interface SkyhookPage {
  app: HeadlessApp;
  browser: Browser;
  page: Page;
  /** Closes the browser, stops the app and returns its exit code. */
  close(): Promise<number | null>;
}

/** The headless app (fresh data dir unless given) with the real UI open in Chromium. */
export async function openSkyhook(env: Record<string, string> = {}, dataDir?: string): Promise<SkyhookPage> {
  const app = await startHeadlessApp(env, dataDir);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1200, height: 860 } });
  await page.goto(app.url);
  await appShown(page);
  return {
    app,
    browser,
    page,
    close: async () => {
      await browser.close();
      return app.stop();
    },
  };
}

/**
 * Waits until the app has replaced the search field index.html draws before any of its code
 * runs (renderer/src/search/first-paint-field.ts): that field takes typing, but nothing else
 * of the app (its listeners, its other controls) is there yet.
 */
export async function appShown(page: Page): Promise<void> {
  await page.locator('#root > .app:not([data-first-paint])').waitFor({ state: 'attached' });
}

/**
 * The grid of the query now searched, or of `query`: while a new query is on its way the
 * previous one's tiles stay on screen, for the first few ms as they were (the panel moves to
 * a fast query with its answer), then in a grid marked aria-busy; they are replaced when it
 * answers (an event dispatched on a tile just replaced reaches nothing). Right after typing,
 * only `query` tells the two apart.
 */
export const currentResults = (page: Page, query?: string) => page.locator(resultsGrid(query));

/** `currentResults` as a CSS selector, for scripts that run in the page. */
export const resultsGrid = (query?: string) =>
  `[role="grid"]${query === undefined ? '' : `[aria-label=${JSON.stringify(`Images named like ${query}`)}]`}:not([aria-busy="true"])`;

/** The images of the result tiles, or only of those whose source line names the connection `from`. */
export function resultImages(page: Page, from?: string): Locator {
  const cells = page.getByRole('gridcell');
  return (from === undefined ? cells : cells.filter({ has: page.locator('.tile-source', { hasText: new RegExp(`^${from}$`) }) })).getByRole(
    'img',
  );
}

/** The names (alt texts) of the images in the result grid, in grid order; `from` as in resultImages. */
export function gridImageNames(page: Page, from?: string): Promise<string[]> {
  return resultImages(page, from).evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt') ?? ''));
}

/** The same names sorted: for results whose connections answer in any order. */
export async function sortedImageNames(page: Page, from?: string): Promise<string[]> {
  return (await gridImageNames(page, from)).sort();
}
