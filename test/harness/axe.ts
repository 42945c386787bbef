import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { screenshot } from './browser';

/** Serious and critical axe findings in `include` (a CSS selector; the whole page by default), one line each. */
export async function seriousViolations(page: Page, include = 'body'): Promise<string[]> {
  // Not the moment between two queries: the previous results stay on screen, dimmed and
  // aria-busy, until the new ones land (a few ms from an index), and dimmed text is below
  // the contrast it has once settled.
  await page.locator('[role="grid"][aria-busy="true"]').waitFor({ state: 'detached', timeout: 10_000 });
  const results = await new AxeBuilder({ page }).include(include).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The sizes and colour schemes every screen is looked at in: 1280×800 and 900×600, light and dark. */
export async function screenshotsAllWays(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const [w, h] of [
    [1280, 800],
    [900, 600],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      // A new size scrolls differently: bring what has the focus (a result, a dialog) back into view.
      await page.evaluate(() => document.activeElement?.scrollIntoView({ block: 'nearest' }));
      await screenshot(page, `${name}-${w}x${h}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (before) await page.setViewportSize(before);
}
