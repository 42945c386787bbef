import { describe, expect, it } from 'vitest';
import { matchRanges, queryWords } from '../../../../main/index/fold';
import type { IndexedItem } from '../../../../main/index/index-source';
import { NameStore } from '../../../../main/index/name-store';

const item = (id: string, name: string, modifiedAt = '2024-01-01T00:00:00Z'): IndexedItem => ({
  id,
  name,
  path: 'Marketing / 2024',
  parentId: 'f1',
  modifiedAt,
});

function storeOf(names: string[]): NameStore {
  const store = new NameStore();
  names.forEach((name, i) => store.upsert(item(String(i), name)));
  return store;
}

const search = (store: NameStore, text: string) => store.query(queryWords(text), 0, 50).rows.map((row) => store.item(row).name);

describe('name store matching', () => {
  const store = storeOf([
    'ocean-hero.png',
    'IMG_20240412_0931.jpg',
    'ACME_logo_v3_final.psd',
    'Café_menü.jpg',
    'Cafe\u0301 noir.png',
    'صورة_البحر.png',
    '🌊 wave.png',
    'tab\there.png',
    'x'.repeat(251) + '.png',
    'mountain.jpg',
  ]);

  it('finds a fragment from inside a word', () => {
    expect(search(store, 'cean')).toEqual(['ocean-hero.png']);
    expect(search(store, '0412')).toEqual(['IMG_20240412_0931.jpg']);
    expect(search(store, 'go_v3')).toEqual(['ACME_logo_v3_final.psd']);
  });

  it('ignores case and accents, in either Unicode normal form', () => {
    expect(search(store, 'CAFE').sort()).toEqual(['Cafe\u0301 noir.png', 'Café_menü.jpg']);
    expect(search(store, 'café').sort()).toEqual(['Cafe\u0301 noir.png', 'Café_menü.jpg']);
    expect(search(store, 'menu')).toEqual(['Café_menü.jpg']);
  });

  it('needs every word, in any order', () => {
    expect(search(store, 'final acme')).toEqual(['ACME_logo_v3_final.psd']);
    expect(search(store, 'final ocean')).toEqual([]);
  });

  it('handles right-to-left text, emoji, control characters and 255-character names', () => {
    expect(search(store, 'البحر')).toEqual(['صورة_البحر.png']);
    expect(search(store, '🌊')).toEqual(['🌊 wave.png']);
    expect(search(store, 'here')).toEqual(['tab\there.png']);
    expect(search(store, 'xxxx.png')).toEqual(['x'.repeat(251) + '.png']);
  });

  it('finds nothing for what is not there', () => {
    expect(search(store, 'zebra')).toEqual([]);
  });
});

describe('name store ranking', () => {
  it('ranks start of name, then start of a word, then inside a word, then newer first', () => {
    const store = new NameStore();
    store.upsert(item('inside-old', 'seahero.png', '2020-01-01T00:00:00Z'));
    store.upsert(item('word', 'ocean-hero.png', '2021-01-01T00:00:00Z'));
    store.upsert(item('start', 'hero-shot.png', '2019-01-01T00:00:00Z'));
    store.upsert(item('inside-new', 'superhero.png', '2023-01-01T00:00:00Z'));
    const { rows, total } = store.query(queryWords('hero'), 0, 10);
    expect(total).toBe(4);
    expect(rows.map((r) => store.item(r).id)).toEqual(['start', 'word', 'inside-new', 'inside-old']);
    // Pages continue the same order.
    expect(store.query(queryWords('hero'), 2, 1).rows.map((r) => store.item(r).id)).toEqual(['inside-new']);
  });

  it('ranks one-letter queries the same way', () => {
    const store = new NameStore();
    store.upsert(item('inside', 'ab.png'));
    store.upsert(item('word', 'x-b.png'));
    store.upsert(item('start', 'b.png'));
    expect(store.query(queryWords('b'), 0, 10).rows.map((r) => store.item(r).id)).toEqual(['start', 'word', 'inside']);
  });
});

describe('name store changes', () => {
  it('replaces a renamed item, removes items and folders, and sweeps what a crawl did not see', () => {
    const store = new NameStore();
    expect(store.upsert({ id: 'a', name: 'old.png', path: 'A', parentId: 'fa' }, 1)).toBe(true);
    expect(store.upsert({ id: 'a', name: 'old.png', path: 'A', parentId: 'fa' }, 1)).toBe(false);
    store.upsert({ id: 'a', name: 'new.png', path: 'A', parentId: 'fa' }, 1);
    expect(search(store, 'old')).toEqual([]);
    expect(search(store, 'new')).toEqual(['new.png']);
    store.upsert({ id: 'b', name: 'deep.png', path: 'A / B', parentId: 'fb' }, 1);
    store.upsert({ id: 'c', name: 'other.png', path: 'C', parentId: 'fc' }, 2);
    expect(store.removeFolder('fa')).toBe(2);
    expect(store.count).toBe(1);
    store.upsert({ id: 'd', name: 'stale.png', path: 'C', parentId: 'fc' }, 1);
    expect(store.removeOlderThan(2)).toBe(1);
    expect(search(store, 'png')).toEqual(['other.png']);
    expect(store.has('c') && !store.has('d')).toBe(true);
  });

  it('keeps every item through a compaction', () => {
    const store = storeOf(Array.from({ length: 3000 }, (_, i) => `photo-${i}.jpg`));
    for (let i = 0; i < 3000; i += 2) store.remove(String(i));
    const packed = NameStore.fromColumns(store.columns());
    expect(packed.count).toBe(1500);
    expect(search(packed, 'photo-2999')).toEqual(['photo-2999.jpg']);
    expect(packed.has('2998')).toBe(false);
  });
});

describe('matched ranges', () => {
  it('points at the matched parts of the original name', () => {
    expect(matchRanges('ocean-hero.png', queryWords('cean'))).toEqual([[1, 5]]);
    expect(matchRanges('Cafe\u0301 noir.png', queryWords('cafe noir'))).toEqual([
      [0, 5],
      [6, 10],
    ]);
    expect(matchRanges('ACME_logo_v3_final.psd', queryWords('final go_v3'))).toEqual([
      [7, 12],
      [13, 18],
    ]);
  });
});
