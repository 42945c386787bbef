import type { FileFull, SearchResults } from 'box-node-sdk/schemas';
import { describe, expect, it } from 'vitest';
import { parseCursor, searchParams, toPage } from '../../../../../main/providers/box/search-query';

const file = (id: string, name: string, folders: string[] = []): FileFull =>
  ({
    type: 'file',
    id,
    name,
    size: 10,
    pathCollection: {
      totalCount: folders.length + 1,
      entries: [
        { type: 'folder', id: '0', name: 'All Files' },
        ...folders.map((n, i) => ({ type: 'folder', id: String(100 + i), name: n })),
      ],
    },
  }) as FileFull;

const results = (entries: FileFull[], totalCount: number, offset = 0, limit = 100): SearchResults =>
  ({ type: 'search_results_items', entries, totalCount, offset, limit }) as SearchResults;

describe('searchParams', () => {
  it('asks for image files by name, with only the needed fields', () => {
    expect(searchParams('logo', { offset: 200 })).toEqual({
      query: 'logo',
      type: 'file',
      // Designers' formats too: layered, vector, camera raw and PDF.
      fileExtensions: [
        'jpg',
        'jpeg',
        'png',
        'gif',
        'webp',
        'tif',
        'tiff',
        'bmp',
        'heic',
        'heif',
        'avif',
        'svg',
        'ai',
        'eps',
        'psd',
        'psb',
        'cr2',
        'cr3',
        'nef',
        'arw',
        'dng',
        'pdf',
      ],
      contentTypes: ['name'],
      fields: ['name', 'size', 'sha1', 'modified_at', 'path_collection', 'representations'],
      limit: 100,
      offset: 200,
    });
  });

  it('limits to a folder when one is set', () => {
    expect(searchParams('logo', { folderId: '123' }).ancestorFolderIds).toEqual(['123']);
  });
});

describe('parseCursor', () => {
  it('reads offsets and refuses anything else', () => {
    expect(parseCursor(undefined)).toBe(0);
    expect(parseCursor('300')).toBe(300);
    for (const bad of ['-1', 'abc', '10001', '1e3']) expect(() => parseCursor(bad)).toThrow(/no longer available/);
  });
});

describe('toPage', () => {
  it('keeps only names that contain the text (case-insensitive, any Unicode form)', () => {
    const cafe = 'Cafe\u0301-menu.png'; // "é" as e + combining accent, as macOS writes it
    const page = toPage(
      results([file('1', 'Logo-Blue.PNG'), file('2', 'mylogo.png'), file('3', 'blue-logo.jpg'), file('4', cafe)], 4),
      'LOGO',
      0,
    );
    expect(page.hits.map((h) => h.id)).toEqual(['1', '2', '3']);
    expect(toPage(results([file('4', cafe)], 1), 'caf\u00e9', 0).hits.map((h) => h.id)).toEqual(['4']);
  });

  it('pages by offset until total_count', () => {
    expect(toPage(results([file('1', 'a.png')], 250, 0), 'a', 0).nextCursor).toBe('100');
    expect(toPage(results([file('1', 'a.png')], 250, 200), 'a', 200).nextCursor).toBeUndefined();
    expect(toPage(results([], 20000, 10000), 'a', 10000).nextCursor).toBeUndefined();
  });

  it('reports the total only when no near match was dropped', () => {
    expect(toPage(results([file('1', 'a.png')], 1), 'a', 0).total).toBe(1);
    expect(toPage(results([file('1', 'b.png')], 1), 'a', 0).total).toBeUndefined();
  });

  it('shows where the file is, without the root', () => {
    expect(toPage(results([file('1', 'a.png', ['Brand', 'Logos'])], 1), 'a', 0).hits[0]!.location).toBe('Brand / Logos');
    expect(toPage(results([file('1', 'a.png')], 1), 'a', 0).hits[0]!.location).toBe('All Files');
    // Box file IDs are the same for every connection to the instance: one tile per file.
    expect(toPage(results([file('1', 'a.png')], 1), 'a', 0).hits[0]!.fileKey).toBe('box:1');
  });
});
