import type { Browser, Page } from 'playwright-core';
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
