import { describe, expect, it } from 'vitest';
import {
  canGoBack,
  canGoForward,
  currentLocation,
  folderIdOf,
  goBack,
  goForward,
  openCrumb,
  openFolder,
  startBrowsing,
} from '../../../../../renderer/src/search/browse-history';

const brand = { id: '11', name: 'Brand' };
const logos = { id: '12', name: 'Logos' };
const trail = (h: ReturnType<typeof startBrowsing>) => currentLocation(h).trail.map((f) => f.name);

describe('browse history', () => {
  it('opens folders, goes back and forward, and a new folder after Back drops the forward path', () => {
    let h = startBrowsing('c');
    expect(folderIdOf(currentLocation(h))).toBeUndefined();
    expect(canGoBack(h)).toBe(false);
    h = openFolder(openFolder(h, brand), logos);
    expect(trail(h)).toEqual(['Brand', 'Logos']);
    expect(folderIdOf(currentLocation(h))).toBe('12');
    h = goBack(h);
    expect(trail(h)).toEqual(['Brand']);
    expect(canGoForward(h)).toBe(true);
    h = goForward(h);
    expect(trail(h)).toEqual(['Brand', 'Logos']);
    h = openFolder(goBack(goBack(h)), { id: '20', name: 'Photos' });
    expect(trail(h)).toEqual(['Photos']);
    expect(canGoForward(h)).toBe(false);
  });

  it('jumps up with a breadcrumb as a new visit, and ignores the crumb of where it already is', () => {
    let h = openFolder(openFolder(startBrowsing('c'), brand), logos);
    const here = h;
    expect(openCrumb(h, 2)).toBe(here);
    h = openCrumb(h, 0);
    expect(trail(h)).toEqual([]);
    expect(trail(goBack(h))).toEqual(['Brand', 'Logos']);
  });
});
