import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSettings, type PanelSettings } from '../../../../main/settings/settings-store';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'skyhook-panel-settings-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the settings the search panel keeps', () => {
  it('the settings store is what the handlers take: recent searches survive a restart', () => {
    const dir = tempDir();
    // Compile-time too: the real store satisfies the narrow view the handlers use.
    const first: PanelSettings = openSettings(dir).store;
    expect(first.get('recentSearches')).toEqual([]);
    first.set('recentSearches', ['logo', 'hero']);
    first.set('cacheLimitMb', 250);
    const second: PanelSettings = openSettings(dir).store;
    expect(second.get('recentSearches')).toEqual(['logo', 'hero']);
    expect(second.get('cacheLimitMb')).toBe(250);
  });

  it('refuses a recent-search list that is not a short list of strings', () => {
    const store: PanelSettings = openSettings(tempDir()).store;
    expect(() =>
      store.set(
        'recentSearches',
        Array.from({ length: 21 }, (_, i) => `q${i}`),
      ),
    ).toThrow();
    expect(store.get('recentSearches')).toEqual([]);
  });
});
