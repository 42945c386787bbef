import type { Browser, Page } from 'playwright-core';
import { startFakeBox, type FakeBox } from '../fakes/box';
import { seedDemo, type DemoData } from '../fakes/box/demo';
import { launchBrowser } from './browser';
import { startHeadlessApp, type HeadlessApp } from './headless-app';

export interface BoxDemo {
  box: FakeBox;
  demo: DemoData;
  app: HeadlessApp;
  browser: Browser;
  /** The search page in a context of its own (the accessibility scanner opens a helper page beside it). */
  page: Page;
  /** Closes the browser, stops the app and the fake; the app's exit code. */
  close(): Promise<number | null>;
}

/**
 * The fake Box seeded with the demo enterprise, the headless app pointed at it (plus `env`),
 * and Chromium on the search page once the bundled Samples are listed.
 */
export async function openBoxDemo(viewport: { width: number; height: number }, env: Record<string, string> = {}): Promise<BoxDemo> {
  const box = await startFakeBox();
  const demo = await seedDemo(box.state);
  const app = await startHeadlessApp({
    SKYHOOK_BOX_API_URL: box.apiUrl,
    SKYHOOK_BOX_ACCOUNT_URL: box.accountUrl,
    SKYHOOK_BOX_APP_URL: box.appUrl,
    ...env,
  });
  const browser = await launchBrowser();
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto(app.url);
  await page
    .getByRole('navigation', { name: 'Connections to search' })
    .locator('.chip-toggle', { hasText: 'Samples' })
    .filter({ hasText: 'images' })
    .waitFor();
  return {
    box,
    demo,
    app,
    browser,
    page,
    close: async () => {
      await browser.close();
      const code = await app.stop();
      await box.close();
      return code;
    },
  };
}
