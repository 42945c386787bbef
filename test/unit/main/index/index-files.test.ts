import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryWords } from '../../../../main/index/fold';
import { freshMeta, IndexFiles, indexFormatVersion, type IndexMeta } from '../../../../main/index/index-files';
import { useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();
const meta = (cursor: string): IndexMeta => ({ ...freshMeta(), complete: true, cursor });
const upsert = (id: string, name: string) => ({ type: 'upsert' as const, item: { id, name, path: 'A' } });
/** A folder with a snapshot of one item and an empty journal. */
function savedSnapshot(): { dir: string; snapshot: string } {
  const dir = tempDir();
  const files = new IndexFiles(dir);
  const { store } = files.load();
  store.upsert({ id: '1', name: 'one.png', path: 'A' });
  files.snapshot(store, meta('c1'));
  files.close();
  return { dir, snapshot: join(dir, 'names.snapshot') };
}

const names = (files: IndexFiles) => {
  const { store } = files.load();
  return store
    .query(queryWords('png'), 0, 100)
    .rows.map((r) => store.item(r).name)
    .sort();
};

describe('index files', () => {
  it('keeps items and the cursor across a reopen, from the journal and after a snapshot', () => {
    const dir = tempDir();
    const files = new IndexFiles(dir);
    let { store } = files.load();
    files.append({ changes: [upsert('1', 'one.png')], meta: meta('c1') });
    store.upsert({ id: '1', name: 'one.png', path: 'A' });
    files.close();
    const again = new IndexFiles(dir);
    expect(again.load().meta.cursor).toBe('c1');
    expect(names(new IndexFiles(dir))).toEqual(['one.png']);
    ({ store } = again.load());
    again.snapshot(store, meta('c2'));
    again.append({ changes: [upsert('2', 'two.png')], meta: meta('c3') });
    again.close();
    const reopened = new IndexFiles(dir).load();
    expect(reopened.meta.cursor).toBe('c3');
    expect(reopened.store.count).toBe(2);
    expect(statSync(join(dir, 'names.snapshot')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('loses only the last record when the journal is cut at any byte of it', () => {
    const dir = tempDir();
    const files = new IndexFiles(dir);
    files.load();
    files.append({ changes: [upsert('1', 'one.png')], meta: meta('c1') });
    const before = statSync(join(dir, 'names.journal')).size;
    files.append({ changes: [upsert('2', 'two.png')], meta: meta('c2') });
    files.close();
    const full = readFileSync(join(dir, 'names.journal'));
    for (let cut = before; cut < full.length; cut++) {
      writeFileSync(join(dir, 'names.journal'), full.subarray(0, cut));
      const loaded = new IndexFiles(dir).load();
      expect(loaded.problem).toBeUndefined();
      expect(loaded.meta.cursor).toBe('c1');
      expect(loaded.store.has('1') && !loaded.store.has('2')).toBe(true);
    }
    // After a cut, new records follow the last good one and survive.
    truncateSync(join(dir, 'names.journal'), before + 3);
    const resumed = new IndexFiles(dir);
    resumed.load();
    resumed.append({ changes: [upsert('3', 'three.png')], meta: meta('c3') });
    resumed.close();
    expect(names(new IndexFiles(dir))).toEqual(['one.png', 'three.png']);
  });

  it('ignores a journal left from before the snapshot it was folded into', () => {
    const dir = tempDir();
    const files = new IndexFiles(dir);
    const { store } = files.load();
    files.append({ changes: [upsert('1', 'one.png')], meta: meta('c1') });
    store.upsert({ id: '1', name: 'one.png', path: 'A' });
    const oldJournal = readFileSync(join(dir, 'names.journal'));
    store.remove('1');
    files.snapshot(store, meta('c2'));
    files.close();
    // A crash between the snapshot's rename and the new journal: the old journal is still there.
    writeFileSync(join(dir, 'names.journal'), oldJournal);
    const loaded = new IndexFiles(dir).load();
    expect(loaded.meta.cursor).toBe('c2');
    expect(loaded.store.has('1')).toBe(false);
  });

  it('rebuilds a damaged or unknown-version snapshot and says why, once', () => {
    const { dir, snapshot } = savedSnapshot();
    const bytes = readFileSync(snapshot);
    bytes[40] = (bytes[40] ?? 0) ^ 0xff;
    writeFileSync(snapshot, bytes);
    const damaged = new IndexFiles(dir).load();
    expect(damaged.problem).toMatch(/damaged/);
    expect(damaged.store.count).toBe(0);
    expect(damaged.meta.complete).toBe(false);
    expect(new IndexFiles(dir).load().problem).toBeUndefined();

    const future = readFileSync(snapshot);
    future.writeUInt32LE(99, 4);
    writeFileSync(snapshot, future);
    expect(new IndexFiles(dir).load().problem).toMatch(/format 99/);
  });

  it('rebuilds a snapshot of the previous format and says so once', () => {
    const { dir, snapshot } = savedSnapshot();
    const old = readFileSync(snapshot);
    old.writeUInt32LE(indexFormatVersion - 1, 4);
    writeFileSync(snapshot, old);
    const first = new IndexFiles(dir).load();
    expect(first.problem).toMatch(/older format/);
    expect(first.store.count).toBe(0);
    expect(first.meta.complete).toBe(false);
    expect(new IndexFiles(dir).load().problem).toBeUndefined();
  });

  it('keeps one- and two-byte names, times and folders through a snapshot on disk', () => {
    const dir = tempDir();
    const files = new IndexFiles(dir);
    const { store } = files.load();
    const items = [
      {
        id: 'a',
        name: 'Café_menü.jpg',
        path: 'Marketing / 2024',
        parentId: 'f1',
        size: 12,
        modifiedAt: '2024-04-12T09:31:00.000Z',
        version: 'v1',
      },
      { id: 'b', name: '東京_夜景.png', path: 'Tokyo', parentId: 'f2', modifiedAt: '2023-01-01T00:00:00.000Z' },
      { id: 'c', name: '🌊 wave.png', path: 'Tokyo', parentId: 'f2' },
      { id: 'd', name: 'صورة_البحر.png', path: 'A' },
    ];
    for (const item of items) store.upsert(item);
    store.remove('c');
    files.snapshot(store, meta('c1'));
    files.close();
    const loaded = new IndexFiles(dir).load().store;
    const find = (text: string) => loaded.query(queryWords(text), 0, 10).rows.map((row) => loaded.item(row));
    expect(find('menu')).toEqual([items[0]]);
    expect(find('夜景')).toEqual([items[1]]);
    expect(find('البحر')).toEqual([items[3]]);
    expect(find('wave')).toEqual([]);
    expect(loaded.count).toBe(3);
    expect(loaded.has('b') && !loaded.has('c')).toBe(true);
  });
});
