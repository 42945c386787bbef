import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { confirmOver, expandDrop } from '../../../../main/delivery/dropped-paths';
import { keepBothName } from '../../../../main/delivery/keep-both-name';
import { RecentUploads } from '../../../../main/delivery/recent-uploads';

const home = mkdtempSync(join(tmpdir(), 'skyhook-drop-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const put = (path: string, text = 'x') => {
  mkdirSync(join(home, path, '..'), { recursive: true });
  writeFileSync(join(home, path), text);
  return join(home, path);
};

describe('dropped paths', () => {
  it('takes regular files, refuses links, relative paths, the data folder and hidden home folders', async () => {
    const file = put('Desktop/hero.png');
    const key = put('.ssh/id_rsa');
    const data = put('data/vault.json');
    symlinkSync(key, join(home, 'Desktop/link.png'));
    const result = await expandDrop([file, key, data, join(home, 'Desktop/link.png'), 'relative.png', join(home, 'Desktop/missing.png')], {
      protectedDirs: [join(home, 'data')],
      home,
    });
    expect(result.files.map((f) => f.name)).toEqual(['hero.png']);
    expect(result.refused.map((r) => r.message)).toEqual([
      'id_rsa is in a private folder Skyhook does not upload from.',
      'vault.json is in a private folder Skyhook does not upload from.',
      'link.png is a link: drop the file itself.',
      'Skyhook needs the full path of a dropped file.',
      'missing.png is no longer where it was dropped from.',
    ]);
  });

  it('walks a dropped folder (hidden files left out) and counts what came from folders for the confirmation', async () => {
    for (let i = 0; i <= confirmOver; i++) put(`Shoot/day ${i % 3}/img-${i}.jpg`);
    put('Shoot/.DS_Store');
    const result = await expandDrop([join(home, 'Shoot')], { protectedDirs: [], home });
    expect(result.files).toHaveLength(confirmOver + 1);
    expect(result.fromFolders).toBe(confirmOver + 1);
    expect(result.folders).toEqual(['Shoot']);
    expect(result.files.some((f) => f.name === '.DS_Store')).toBe(false);
  });
});

describe('keep both names', () => {
  it('counts on from 2, and from a number already in the name', () => {
    expect(keepBothName('sunset.jpg', 1)).toBe('sunset (2).jpg');
    expect(keepBothName('sunset.jpg', 2)).toBe('sunset (3).jpg');
    expect(keepBothName('sunset (2).jpg', 1)).toBe('sunset (3).jpg');
    expect(keepBothName('README', 1)).toBe('README (2)');
    expect(keepBothName('.hidden', 1)).toBe('.hidden (2)');
    expect(keepBothName('archive.tar.gz', 1)).toBe('archive.tar (2).gz');
  });
});

describe('recent uploads in results', () => {
  it('stands in on the first page for matching names until the service lists the file itself', () => {
    const recent = new RecentUploads();
    recent.remember('c', { id: '1', name: 'campaign-hero.png' });
    recent.remember('c', { id: '2', name: 'other.png' });
    const empty = { hits: [] };
    expect(recent.merge('c', 'hero', undefined, empty).hits.map((h) => h.id)).toEqual(['1']);
    expect(recent.merge('c', 'hero', 'next', empty).hits).toEqual([]);
    expect(recent.merge('c', 'hero', undefined, { hits: [{ id: '1', name: 'campaign-hero.png' }] }).hits).toHaveLength(1);
    // Listed once by the service: no longer added.
    expect(recent.merge('c', 'hero', undefined, empty).hits).toEqual([]);
  });
});
