import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, hasChromium, launchBrowser, screenshot } from '../harness/browser';
import { printAppLogOnFailure, startHeadlessApp, type HeadlessApp } from '../harness/headless-app';
import { gridImageNames } from '../harness/skyhook-page';

/**
 * Issue #13, fast start: index.html draws the search field, so it is on screen, focused and
 * takes typing before the app's script has run; the app then searches what was typed and
 * keeps the caret where it was. The app's script is held back here until the test has typed.
 */

if (!hasChromium) console.warn(`Skipping the first-paint field test: no Chromium at ${chromiumPath} (apt-get install chromium).`);

describe.runIf(hasChromium)('the search field before the app has run', () => {
  let app: HeadlessApp;
  let browser: Browser;
  let page: Page;
  printAppLogOnFailure(() => app);

  beforeAll(async () => {
    app = await startHeadlessApp();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 860 } });
  });

  afterAll(async () => {
    await browser?.close();
    expect(await app?.stop()).toBe(0);
  });

  it('takes typing at once, then searches it and keeps the caret where it was', async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    await page.route(/\/index\.js$/, async (route) => {
      held++;
      await released;
      await route.continue();
    });
    // The drawn field is styled by the style sheet the build inlined: the policy allows it by hash.
    await page.addInitScript({
      content: `window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective));`,
    });
    await page.goto(app.url, { waitUntil: 'commit' });

    const field = page.getByRole('searchbox', { name: 'Search images' });
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    // A typo fixed in the middle: the caret is after "ha" when the app takes over.
    await page.keyboard.type('hrbor');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.type('a');
    await screenshot(page, 'first-paint-field-before-the-app');
    // Still the drawn field: the app's script has not been let through, and no chip is shown.
    expect(held).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Connections to search' }).getByRole('button').count()).toBe(0);
    expect(await field.inputValue()).toBe('harbor');
    expect(await page.locator('header.topbar').evaluate((el) => getComputedStyle(el).display)).toBe('flex');

    release();
    await expect.poll(() => page.getByRole('button', { name: /Samples/ }).count()).toBe(1);
    await expect.poll(() => gridImageNames(page)).toEqual(['harbor-sunset.jpg']);
    // The app's own field now: focused, the caret still after "ha", so the next key lands there.
    expect(await field.evaluate((el) => el === document.activeElement && (el as HTMLInputElement).selectionStart)).toBe(2);
    await page.keyboard.type('X');
    expect(await field.inputValue()).toBe('haXrbor');
    await screenshot(page, 'first-paint-field-after-the-app');
    expect(await page.evaluate('window.cspViolations')).toEqual([]);
  });
});
