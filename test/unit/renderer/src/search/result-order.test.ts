import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../../../preload/contract';
import { arrange, countByType, typeOf } from '../../../../../renderer/src/search/result-order';

const hit = (name: string, modifiedAt?: string): SearchHit => ({
  key: `c/${name}`,
  connectionId: 'c',
  itemId: name,
  name,
  thumbnailUrl: '',
  canOpenOriginal: false,
  ...(modifiedAt ? { modifiedAt } : {}),
});

describe('result order and type filter', () => {
  it('classifies extensions, whatever their case or spelling', () => {
    expect(['a.JPG', 'b.jpeg', 'c.png', 'd.gif', 'e.webp', 'f.svg', 'g.tif', 'h.TIFF', 'i.heic', 'j.bmp', 'noext'].map(typeOf)).toEqual([
      'jpg',
      'jpg',
      'png',
      'gif',
      'webp',
      'svg',
      'tiff',
      'tiff',
      'other',
      'other',
      'other',
    ]);
  });

  it('keeps arrival order for best match and sorts names the way people count', () => {
    const hits = [hit('img10.png'), hit('Img2.png'), hit('img1.png')];
    expect(arrange(hits, 'relevance', 'all').map((h) => h.name)).toEqual(['img10.png', 'Img2.png', 'img1.png']);
    expect(arrange(hits, 'name', 'all').map((h) => h.name)).toEqual(['img1.png', 'Img2.png', 'img10.png']);
    // The input is not reordered in place: "best match" must survive switching sorts.
    expect(hits.map((h) => h.name)).toEqual(['img10.png', 'Img2.png', 'img1.png']);
  });

  it('sorts by date newest first, undated last, ties in arrival order', () => {
    const hits = [hit('old.png', '2020-01-01T00:00:00Z'), hit('none.png'), hit('new.png', '2024-05-01T00:00:00Z'), hit('new-too.png', '2024-05-01T00:00:00Z')];
    expect(arrange(hits, 'modified', 'all').map((h) => h.name)).toEqual(['new.png', 'new-too.png', 'old.png', 'none.png']);
  });

  it('filters by type and counts every type', () => {
    const hits = [hit('a.jpg'), hit('b.png'), hit('c.jpeg'), hit('d.heic')];
    expect(arrange(hits, 'relevance', 'jpg').map((h) => h.name)).toEqual(['a.jpg', 'c.jpeg']);
    expect(countByType(hits)).toEqual({ jpg: 2, png: 1, gif: 0, webp: 0, svg: 0, tiff: 0, other: 1 });
  });
});
