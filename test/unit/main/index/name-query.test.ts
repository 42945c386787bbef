import { describe, expect, it } from 'vitest';
import { fold, matchTier, queryWords } from '../../../../main/index/fold';
import type { IndexedItem } from '../../../../main/index/index-source';
import { NameStore } from '../../../../main/index/name-store';

/**
 * The store's shortcuts (newest-first runs read only as far as a page needs, counts per
 * tier, hits only counted once a page is full) must give exactly what ranking every name
 * by hand gives: the same total and the same page, for every kind of query, before and
 * after packing, with dead rows and appended rows mixed in.
 */

const parts = ['ab', 'ba', 'cab', 'x', 'q', '12', '2024', '_', '-', 'é', 'Ö', '東', 'the', 'a', ' ', '0'];

function names(count: number, seed: number): IndexedItem[] {
  let state = seed;
  const next = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  return Array.from({ length: count }, (_, i) => {
    const name = Array.from({ length: 1 + next(5) }, () => parts[next(parts.length)]).join('') + '.png';
    // Distinct seconds, in no particular order, so the expected order is total.
    const seconds = 1_600_000_000 + ((i * 7919) % count) * 60;
    return { id: `id-${i}`, name, path: 'A', modifiedAt: new Date(seconds * 1000).toISOString() };
  });
}

/** Folded names, worked out once per item (the checks below rank every item for every query). */
const foldedNames = new WeakMap<IndexedItem, string>();
const foldedName = (item: IndexedItem) => foldedNames.get(item) ?? foldedNames.set(item, fold(item.name)).get(item) ?? '';

/** Every live item ranked by hand: tier of the first word, then newer first. */
function expected(items: Map<string, IndexedItem>, text: string, offset: number, limit: number) {
  const words = queryWords(text);
  const first = words[0] ?? '';
  const matching = [...items.values()]
    .map((item) => ({ item, folded: foldedName(item) }))
    .filter(({ folded }) => words.every((w) => folded.includes(w)))
    .map(({ item, folded }) => ({ id: item.id, tier: matchTier(folded, first), time: Date.parse(item.modifiedAt ?? '') }))
    .sort((a, b) => a.tier - b.tier || b.time - a.time);
  return { total: matching.length, ids: matching.slice(offset, offset + limit).map((m) => m.id) };
}

const queries = [
  // No words: the home screen, every live name newest first.
  '',
  'a',
  'b',
  'x',
  'q',
  'e',
  'o',
  '1',
  '0',
  '2',
  '_',
  '-',
  '.',
  'p',
  'ab',
  'ba',
  'cab',
  'abc',
  '12',
  '2024',
  '024',
  'e2',
  'the',
  'ea',
  '東',
  'é',
  'ö',
  'png',
  'ab x',
  'x ab',
  '12 _',
  'q 東',
  'zz',
];
const pages: Array<[number, number]> = [
  [0, 5],
  [3, 4],
  [0, 1000],
];

/**
 * `counted`: matches counted exactly before the store may stop reading (name-query.ts). A
 * small one makes nearly every query of these few hundred names take that shortcut; then
 * the total is a lower bound, above the page, and the page is still exact.
 */
function check(store: NameStore, items: Map<string, IndexedItem>, texts = queries, counted?: number): number {
  let shortcuts = 0;
  for (const text of texts) {
    for (const [offset, limit] of pages) {
      const { rows, total, exact } = store.query(queryWords(text), offset, limit, counted);
      const want = expected(items, text, offset, limit);
      const ids = rows.map((row) => store.item(row).id);
      expect({ text, offset, ids }).toEqual({ text, offset, ids: want.ids });
      if (exact) expect({ text, total }).toEqual({ text, total: want.total });
      else {
        shortcuts++;
        expect(total, text).toBeLessThanOrEqual(want.total);
        expect(total, text).toBeGreaterThan(offset + limit);
      }
    }
  }
  return shortcuts;
}

describe('name store queries against ranking by hand', () => {
  it('agree on a store being built, after packing, and with dead and appended rows', () => {
    const all = names(900, 7);
    const items = new Map(all.slice(0, 600).map((item) => [item.id, item]));
    let store = new NameStore();
    for (const item of items.values()) store.upsert(item);
    check(store, items);

    store = NameStore.fromColumns(store.columns());
    check(store, items);

    // Removals and renames leave dead rows in the sorted runs; new items form the tail.
    const later = all.slice(600);
    for (let i = 0; i < 600; i += 7) {
      store.remove(`id-${i}`);
      items.delete(`id-${i}`);
    }
    for (let i = 3; i < 600; i += 11) {
      const before = items.get(`id-${i}`);
      if (!before) continue;
      const renamed = { ...before, name: `renamed ab ${i}.png` };
      store.upsert(renamed);
      items.set(renamed.id, renamed);
    }
    for (const item of later) {
      store.upsert(item);
      items.set(item.id, item);
    }
    expect(store.isPacked).toBe(false);
    check(store, items);

    store = store.packed();
    expect(store.isPacked).toBe(true);
    check(store, items);
    expect(check(store, items, queries, 1)).toBeGreaterThan(0);
  });

  it('list every live name newest first for no words, ties by row, in pages that neither repeat nor skip a name', () => {
    // Few distinct times (and some none), so most names tie with others; a third are wide names.
    const all = names(700, 5).map((item, i) => ({
      ...item,
      name: i % 3 === 0 ? `東${item.name}` : item.name,
      ...(i % 10 === 0 ? { modifiedAt: undefined } : { modifiedAt: new Date((1_600_000_000 + (i % 13) * 60) * 1000).toISOString() }),
    }));
    const items = new Map(all.slice(0, 500).map((item) => [item.id, item]));
    let store = new NameStore();
    for (const item of items.values()) store.upsert(item);
    const listed = (s: NameStore) => {
      const { rows, total, exact } = s.query([], 0, 10_000);
      expect({ total, exact }).toEqual({ total: items.size, exact: true });
      expect(rows.map((row) => s.item(row).id).sort()).toEqual([...items.keys()].sort());
      const time = (row: number) => Date.parse(s.item(row).modifiedAt ?? '1970-01-01T00:00:00Z');
      // Newest first; a name without a time last; equal times by row.
      for (let i = 1; i < rows.length; i++) {
        const [before, after] = [rows[i - 1] ?? 0, rows[i] ?? 0];
        expect(time(before) > time(after) || (time(before) === time(after) && before < after), `${before} before ${after}`).toBe(true);
      }
      for (const [offset, limit] of [...pages, [7, 50], [items.size - 3, 10], [items.size, 5]] as Array<[number, number]>) {
        expect(s.query([], offset, limit).rows).toEqual(rows.slice(offset, offset + limit));
      }
    };
    listed(store);
    store = store.packed();
    listed(store);
    for (let i = 0; i < 500; i += 9) {
      store.remove(`id-${i}`);
      items.delete(`id-${i}`);
    }
    for (const item of all.slice(500)) {
      store.upsert(item);
      items.set(item.id, item);
    }
    expect(store.isPacked).toBe(false);
    listed(store);
    listed(store.packed());
  });

  it('agree when the names fill many chunks, which the chunk filters let a query skip', () => {
    // Each name ends in a number of its own ("_r1z"): a fragment of it is in a few chunks
    // only. The k's make the names long enough to fill several chunks.
    const all = names(1200, 11).map((item, i) => ({
      ...item,
      name: item.name.replace('.png', `_r${((i * 7919) % 1200).toString(36)}.${'k'.repeat(80)}.png`),
    }));
    const items = new Map(all.map((item) => [item.id, item]));
    const rare = ['r1z', 'r2s', 'rz', '_r9', 'r10', '1z', 'r1z ab', 'ab r1'];
    // Every name by its own number ("_r1z."): a chunk wrongly skipped loses one.
    const lost = (store: NameStore) =>
      [...items.values()].filter((item) => {
        const own = /_r[0-9a-z]+\./u.exec(item.name)?.[0] ?? '';
        return (
          store
            .query(queryWords(own), 0, 2)
            .rows.map((row) => store.item(row).id)
            .join() !== item.id
        );
      });
    let store = new NameStore();
    for (const item of items.values()) store.upsert(item);
    check(store, items, [...queries, ...rare]);
    expect(lost(store)).toEqual([]);
    store = store.packed();
    expect(store.columns().chunks.length).toBeGreaterThan(2);
    check(store, items, [...queries, ...rare]);
    expect(check(store, items, [...queries, ...rare], 1)).toBeGreaterThan(queries.length);
    expect(lost(store)).toEqual([]);
  });
});
