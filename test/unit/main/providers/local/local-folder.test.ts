import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProviderPage } from '../../../../../main/providers/provider';
import { imageExtensions } from '../../../../../preload/image-types';
import { AppError } from '../../../../../main/shared/app-error';
import { localProvider } from '../../../../harness/local-provider';
import { collect, useTempDirs } from '../../../../harness/unit';
import { psdFile } from '../../../../harness/psd-file';

const tempDir = useTempDirs();
const fixtureDir = useTempDirs('file');
const signal = () => AbortSignal.timeout(10_000);

const nfdCafe = 'cafe\u0301.png';
const nfcCreme = 'Cr\u00e8me br\u00fbl\u00e9e.jpeg';

function write(root: string, relative: string, bytes: Uint8Array = randomBytes(64)): Uint8Array {
  const path = join(root, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return bytes;
}

const ids = (page: ProviderPage) => page.hits.map((h) => h.id).sort();

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('localFolderProvider', () => {
  let base: string;
  let root: string;
  let beachBytes: Uint8Array;
  const images = [
    'Sunset-Beach.JPG',
    'sunrise.png',
    'Trips/2024/Paris/SUNSET over seine.webp',
    `Trips/${nfdCafe}`,
    `Trips/${nfcCreme}`,
    ...imageExtensions.map((ext) => `formats/sample.${ext}`),
    'formats/UPPER.PNG',
  ];

  beforeAll(() => {
    base = fixtureDir();
    root = join(base, 'library');
    for (const image of images) write(root, image);
    beachBytes = write(root, 'Sunset-Beach.JPG', randomBytes(300_000));
    write(root, 'notes.txt');
    write(root, 'sunset.png.txt');
    write(root, 'sunset-no-extension');
    write(root, '.hidden-sunset.png');
    write(root, 'formats/sample.docx');
    write(base, 'outside/secret.png');
  });

  it('lists every image, recursively, when the query is empty, and nothing else', async () => {
    const page = await localProvider(root).search('', undefined, signal());
    expect(ids(page)).toEqual([...images].sort());
    expect(page.total).toBe(images.length);
    expect(page.nextCursor).toBeUndefined();
  });

  it('matches a file-name substring case-insensitively, at any depth, and says where each hit is', async () => {
    const page = await localProvider(root).search('SUNSET', undefined, signal());
    expect(ids(page)).toEqual(['Sunset-Beach.JPG', 'Trips/2024/Paris/SUNSET over seine.webp']);
    const nested = page.hits.find((h) => h.id.startsWith('Trips/'));
    expect(nested).toMatchObject({ name: 'SUNSET over seine.webp', location: 'Trips/2024/Paris', size: 64 });
    expect(page.hits.find((h) => h.id === 'Sunset-Beach.JPG')).toMatchObject({ location: '/', size: 300_000 });
    expect(Number.isNaN(Date.parse(nested?.modifiedAt ?? ''))).toBe(false);
  });

  it('finds an NFD file name from a query typed in NFC, and an NFC name from an NFD query', async () => {
    const provider = localProvider(root);
    const cafe = await provider.search('caf\u00e9', undefined, signal());
    expect(cafe.hits.map((h) => h.id)).toEqual([`Trips/${nfdCafe}`]);
    expect(cafe.hits[0]?.name).toBe(nfdCafe);
    expect(await provider.thumbnailSource(`Trips/${nfdCafe}`, signal())).toHaveLength(64);

    const creme = await provider.search('CRE\u0300ME BRU\u0302LE\u0301E', undefined, signal());
    expect(creme.hits.map((h) => h.id)).toEqual([`Trips/${nfcCreme}`]);
  });

  it('accepts exactly the image extensions of image-files.ts, in any case', async () => {
    const page = await localProvider(root).search('', undefined, signal());
    const formats = page.hits.filter((h) => h.id.startsWith('formats/')).map((h) => h.name.split('.').pop()?.toLowerCase());
    expect(new Set(formats)).toEqual(new Set(imageExtensions));
    expect(page.hits.map((h) => h.name)).toContain('UPPER.PNG');
  });

  it('pages 200 results at a time with a cursor, and the pages add up to every match once', async () => {
    const many = join(tempDir(), 'many');
    const names = Array.from({ length: 205 }, (_, i) => `shot-${String(i).padStart(3, '0')}.png`);
    for (const name of names) write(many, name, new Uint8Array([1]));
    write(many, 'other.png', new Uint8Array([1]));
    const provider = localProvider(many);

    const first = await provider.search('shot', undefined, signal());
    expect(first.hits).toHaveLength(200);
    expect(first.total).toBe(205);
    expect(first.nextCursor).toBeDefined();
    const second = await provider.search('shot', first.nextCursor, signal());
    expect(second.hits).toHaveLength(5);
    expect(second.nextCursor).toBeUndefined();
    expect([...ids(first), ...ids(second)].sort()).toEqual(names);
  });

  // Each call is made only when it is awaited: a rejection made earlier would be reported as unhandled.
  it('says the folder is missing, pointing at the folder step, for search and test', async () => {
    const provider = localProvider(join(tempDir(), 'unplugged-drive'));
    for (const attempt of [() => provider.search('x', undefined, signal()), () => provider.test(signal())]) {
      const error = await appError(attempt());
      expect(error.code).toBe('folder_missing');
      expect(error.step).toBe('folder');
      expect(error.fix).toBeTruthy();
    }
  });

  it('says a file given as the folder is not a folder', async () => {
    const error = await appError(localProvider(join(root, 'notes.txt')).search('', undefined, signal()));
    expect(error.code).toBe('folder_not_a_folder');
    expect(error.step).toBe('folder');
  });

  it('reports how many images the folder holds in its test', async () => {
    const report = await localProvider(root).test(signal());
    expect(report.visibleImages).toBe(images.length);
    expect(report.details).toContainEqual({ label: 'Folder', value: root, copyable: true });
  });

  it('stops a search whose signal is already aborted', async () => {
    await expect(localProvider(root).search('', undefined, AbortSignal.abort())).rejects.toThrow();
  });

  it('streams the exact bytes of the original under its real name, and gives its path in place', async () => {
    const provider = localProvider(root);
    const original = await provider.original('Sunset-Beach.JPG', signal());
    expect(original.name).toBe('Sunset-Beach.JPG');
    expect((await collect(original.body)).equals(Buffer.from(beachBytes))).toBe(true);
    expect(await provider.localPath?.('Trips/2024/Paris/SUNSET over seine.webp')).toBe(
      join(root, 'Trips', '2024', 'Paris', 'SUNSET over seine.webp'),
    );
    expect(provider.originalUrl('Sunset-Beach.JPG')).toBeUndefined();
  });

  describe('refuses item IDs outside the folder or not images', () => {
    const escapes = [
      '/Sunset-Beach.JPG',
      '../outside/secret.png',
      'Trips/../../outside/secret.png',
      'Trips/2024/../../../outside/secret.png',
      '',
      '.',
      'notes.txt',
    ];
    for (const itemId of escapes) {
      it(`refuses ${JSON.stringify(itemId)} in thumbnailSource, original and localPath`, async () => {
        const provider = localProvider(root);
        for (const attempt of [
          () => provider.thumbnailSource(itemId, signal()),
          () => provider.original(itemId, signal()),
          () => provider.localPath?.(itemId),
        ]) {
          expect((await appError(Promise.resolve(attempt()))).code).toBe('not_found');
        }
      });
    }

    it('never serves a file outside the folder for an absolute item ID', async () => {
      const provider = localProvider(root);
      const absolute = join(base, 'outside', 'secret.png');
      for (const attempt of [
        () => provider.thumbnailSource(absolute, signal()),
        () => provider.original(absolute, signal()).then((f) => collect(f.body)),
        () => provider.localPath?.(absolute),
      ]) {
        const outcome = await Promise.resolve(attempt()).then(
          (value) => value,
          () => 'refused',
        );
        expect(outcome).toBe('refused');
      }
    });
  });

  it('says a file deleted since the search is gone, not that the folder is', async () => {
    const provider = localProvider(root);
    const attempts = [
      () => provider.thumbnailSource('Gone.png', signal()),
      () => provider.original('Gone.png', signal()),
      () => provider.localPath?.('Gone.png'),
    ];
    for (const attempt of attempts) {
      const error = await appError(Promise.resolve(attempt()));
      expect(error.code).toBe('file_missing');
      expect(error.message).toContain('Gone.png');
    }
  });
});

describe('localFolderProvider and symbolic links out of the folder', () => {
  it('refuses the original, its path and its thumbnail source for a link that leads out', async () => {
    const base = tempDir();
    const root = join(base, 'library');
    write(root, 'own.png');
    const secret = write(base, 'outside/secret.png');
    const { symlinkSync } = await import('node:fs');
    symlinkSync(join(base, 'outside', 'secret.png'), join(root, 'escape.png'));
    symlinkSync(join(base, 'outside'), join(root, 'escape-dir'));
    const provider = localProvider(root);
    expect(ids(await provider.search('', undefined, signal()))).toEqual(['own.png']);
    for (const id of ['escape.png', 'escape-dir/secret.png']) {
      expect((await appError(provider.original(id, signal()))).code).toBe('not_found');
      expect((await appError(provider.localPath!(id))).code).toBe('not_found');
      expect((await appError(provider.thumbnailSource(id, signal()))).code).toBe('not_found');
    }
    expect(secret.byteLength).toBeGreaterThan(0);
  });

  it('previews a PSD by its embedded composite and says at once when a format has no preview', async () => {
    const dir = tempDir();
    const jpeg = await sharp({ create: { width: 160, height: 120, channels: 3, background: '#aa3355' } })
      .jpeg()
      .toBuffer();
    write(dir, 'poster.psd', psdFile(jpeg));
    write(dir, 'bare.psb', psdFile(undefined, { version: 2 }));
    write(dir, 'shoot/IMG_0001.CR3');
    write(
      dir,
      'plain.png',
      await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    );
    const provider = localProvider(dir);
    expect(Buffer.from(await provider.thumbnailSource('poster.psd', signal())).equals(jpeg)).toBe(true);
    expect((await appError(provider.thumbnailSource('bare.psb', signal()))).code).toBe('no_preview');
    expect((await appError(provider.thumbnailSource('shoot/IMG_0001.CR3', signal()))).code).toBe('no_preview');
    // Media reads plain images by path; the others come through thumbnailSource.
    expect(['poster.psd', 'shoot/IMG_0001.CR3', 'plain.png'].map((id) => provider.thumbnailFromSource?.(id))).toEqual([true, true, false]);
  });

  it('browses one folder at a time: its subfolders, then its images, never outside the connection', async () => {
    const dir = tempDir();
    write(dir, 'Brand/logo.png');
    write(dir, 'Brand/Logos/mark.svg');
    write(dir, 'Brand/notes.txt');
    write(dir, 'Brand/.hidden.png');
    write(dir, 'top.jpg');
    write(join(dir, '..'), 'outside.png');
    const provider = localProvider(dir);
    const top = await provider.listFolder!(undefined, undefined, signal());
    expect(top.folders).toEqual([{ id: 'Brand', name: 'Brand' }]);
    expect(top.hits.map((h) => h.id)).toEqual(['top.jpg']);
    const brand = await provider.listFolder!('Brand', undefined, signal());
    expect(brand.folders).toEqual([{ id: 'Brand/Logos', name: 'Logos' }]);
    expect(brand.hits.map((h) => [h.id, h.location])).toEqual([['Brand/logo.png', 'Brand']]);
    for (const escape of ['..', '/etc', 'Brand/../..']) {
      expect((await appError(provider.listFolder!(escape, undefined, signal()))).code, escape).toBe('folder_not_found');
    }
  });
});
