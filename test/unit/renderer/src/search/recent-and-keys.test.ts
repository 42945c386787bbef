import { describe, expect, it } from 'vitest';
import { nextIndex } from '../../../../../renderer/src/search/grid-keys';
import { maxRecentSearches, rememberSearch } from '../../../../../renderer/src/search/recent-searches';

describe('recent searches', () => {
  it('puts the newest first, once per query whatever its case, and ignores blanks and single letters', () => {
    let list: string[] = [];
    for (const text of ['logo', '  Sunset ', 'hero', 'LOGO', '   ', 'a']) list = rememberSearch(list, text);
    expect(list).toEqual(['LOGO', 'hero', 'Sunset']);
  });

  it('treats the two Unicode spellings of é as one query', () => {
    expect(rememberSearch(['cafe\u0301'], 'café')).toEqual(['café']);
  });

  it('keeps a bounded list', () => {
    const list = Array.from({ length: 20 }, (_, i) => `q${i}`).reduce(rememberSearch, [] as string[]);
    expect(list).toHaveLength(maxRecentSearches);
    expect(list[0]).toBe('q19');
  });
});

describe('grid keyboard navigation', () => {
  // 10 results in rows of 4: 0-3, 4-7, 8-9.
  const at = (index: number, key: string, ctrl = false) => nextIndex(key, ctrl, { index, count: 10, columns: 4, pageRows: 2 });

  it('moves by cell and by row', () => {
    expect(at(1, 'ArrowRight')).toBe(2);
    expect(at(4, 'ArrowLeft')).toBe(3);
    expect(at(0, 'ArrowLeft')).toBe(0);
    expect(at(9, 'ArrowRight')).toBe(9);
    expect(at(1, 'ArrowDown')).toBe(5);
    expect(at(5, 'ArrowUp')).toBe(1);
    expect(at(2, 'ArrowUp')).toBe(2);
  });

  it('goes down into a shorter last row at its last cell, and stays put on the last row', () => {
    expect(at(7, 'ArrowDown')).toBe(9);
    expect(at(8, 'ArrowDown')).toBe(8);
  });

  it('Home/End stay in the row; with Ctrl they go to the first and last result', () => {
    expect(at(6, 'Home')).toBe(4);
    expect(at(5, 'End')).toBe(7);
    expect(at(8, 'End')).toBe(9);
    expect(at(6, 'Home', true)).toBe(0);
    expect(at(2, 'End', true)).toBe(9);
  });

  it('PageDown/PageUp move a screenful and stop at the ends', () => {
    expect(at(1, 'PageDown')).toBe(9);
    expect(at(0, 'PageDown')).toBe(8);
    expect(at(9, 'PageUp')).toBe(1);
    expect(at(2, 'PageUp')).toBe(0);
  });

  it('ignores other keys and empty grids', () => {
    expect(at(0, 'a')).toBeUndefined();
    expect(nextIndex('ArrowRight', false, { index: 0, count: 0, columns: 4, pageRows: 1 })).toBeUndefined();
  });
});
