import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../../../preload/contract';
import { arrange, countByType, typeChoices, typeOf } from '../../../../../renderer/src/search/result-order';

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
  it('groups design file types the way designers name them, whatever the case', () => {
    const names = [
      'a.JPG',
      'b.heic',
      'c.AVIF',
      'd.webp',
      'e.tif',
      'f.svg',
      'g.ai',
      'h.EPS',
      'i.psd',
      'j.PSB',
      'k.cr2',
      'l.CR3',
      'm.nef',
      'n.arw',
      'o.dng',
      'p.pdf',
    ];
    expect(names.map(typeOf)).toEqual([
      'photos',
      'photos',
      'photos',
      'photos',
      'photos',
      'vectors',
      'vectors',
      'vectors',
      'layered',
      'layered',
      'raw',
      'raw',
      'raw',
      'raw',
      'raw',
      'pdf',
    ]);
  });

  it('offers only the type groups that have results, keeping the current choice listed', () => {
    const counts = countByType([hit('a.jpg'), hit('b.psd')]);
    expect(typeChoices(counts, 'all')).toEqual(['photos', 'layered']);
    expect(typeChoices(counts, 'raw')).toEqual(['photos', 'layered', 'raw']);
    expect(typeChoices(countByType([]), 'all')).toEqual([]);
  });

  it('keeps arrival order for best match and sorts names the way people count', () => {
    const hits = [hit('img10.png'), hit('Img2.png'), hit('img1.png')];
    expect(arrange(hits, 'relevance', 'all').map((h) => h.name)).toEqual(['img10.png', 'Img2.png', 'img1.png']);
    expect(arrange(hits, 'name', 'all').map((h) => h.name)).toEqual(['img1.png', 'Img2.png', 'img10.png']);
    // The input is not reordered in place: "best match" must survive switching sorts.
    expect(hits.map((h) => h.name)).toEqual(['img10.png', 'Img2.png', 'img1.png']);
  });

  it('sorts by date newest first, undated last, ties in arrival order', () => {
    const hits = [
      hit('old.png', '2020-01-01T00:00:00Z'),
      hit('none.png'),
      hit('new.png', '2024-05-01T00:00:00Z'),
      hit('new-too.png', '2024-05-01T00:00:00Z'),
    ];
    expect(arrange(hits, 'modified', 'all').map((h) => h.name)).toEqual(['new.png', 'new-too.png', 'old.png', 'none.png']);
  });

  it('filters by type and counts every type', () => {
    const hits = [hit('a.jpg'), hit('b.ai'), hit('c.jpeg'), hit('d.NEF'), hit('e.svg')];
    expect(arrange(hits, 'relevance', 'vectors').map((h) => h.name)).toEqual(['b.ai', 'e.svg']);
    expect(countByType(hits)).toEqual({ photos: 2, vectors: 2, layered: 0, raw: 1, pdf: 0 });
  });
});
