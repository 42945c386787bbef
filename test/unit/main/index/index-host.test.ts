import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshMeta, IndexFiles } from '../../../../main/index/index-files';
import { IndexHost } from '../../../../main/index/index-host';
import { useTempDirs } from '../../../harness/unit';

/**
 * Rows added since the last packing are read whole by every query, so the host packs the
 * store (a snapshot) when a crawl ends and when it opens an index with a long journal.
 * Seen on disk: the journal starts afresh once the snapshot holds everything.
 */

const tempDir = useTempDirs();
const meta = { ...freshMeta(), complete: true };
const page = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: String(from + i), name: `photo-${from + i}.png`, path: 'A' }));
const journalBytes = (root: string) => statSync(join(root, 'key', 'names.journal')).size;

describe('index host', () => {
  it('packs the store when a crawl ends, however short the journal', () => {
    const root = tempDir();
    const host = new IndexHost(root);
    host.handle({ op: 'open', key: 'key' });
    const empty = journalBytes(root);
    host.handle({ op: 'write', key: 'key', entry: { upserts: page(0, 50), meta } });
    expect(journalBytes(root)).toBeGreaterThan(empty);
    host.handle({ op: 'write', key: 'key', entry: { sweep: meta.epoch, meta } });
    expect(journalBytes(root)).toBe(empty);
    expect(host.handle({ op: 'query', key: 'key', text: 'photo', offset: 0, limit: 10 })).toMatchObject({ total: 50, exact: true });
    host.handle({ op: 'close', key: 'key' });
  });

  it('packs an index opened with a long journal, and leaves one with a short journal as it is', () => {
    const root = tempDir();
    const files = new IndexFiles(join(root, 'key'));
    const { store } = files.load();
    for (const item of page(0, 80)) store.upsert(item);
    files.snapshot(store, meta);
    const empty = journalBytes(root);
    files.append({ upserts: page(80, 5), meta });
    files.close();
    const host = new IndexHost(root);
    host.handle({ op: 'open', key: 'key' });
    // 5 rows beside 80: read whole at little cost.
    expect(journalBytes(root)).toBeGreaterThan(empty);
    host.handle({ op: 'write', key: 'key', entry: { upserts: page(85, 20), meta } });
    host.handle({ op: 'close', key: 'key' });
    host.handle({ op: 'open', key: 'key' });
    expect(journalBytes(root)).toBe(empty);
    expect(host.handle({ op: 'query', key: 'key', text: 'photo', offset: 0, limit: 10 })).toMatchObject({ total: 105, exact: true });
    host.handle({ op: 'close', key: 'key' });
  });
});
