import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realPathInside, walkImages } from '../../../../../main/providers/local/folder-walk';
import { useTempDirs } from '../../../../harness/unit';

const tempDir = useTempDirs();
const signal = () => AbortSignal.timeout(10_000);

function tree(root: string, files: string[]): void {
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), 'x');
  }
}

/** Reads folders for real, except `denied` ones, which fail as a folder without read permission does. */
const denying =
  (...denied: string[]) =>
  async (dir: string): Promise<Dirent[]> => {
    if (denied.some((d) => dir.endsWith(d)))
      throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: 'EACCES' });
    return readdir(dir, { withFileTypes: true });
  };

describe('walkImages', () => {
  it('skips and counts the subfolders it cannot read, and lists everything else', async () => {
    const root = tempDir();
    tree(root, ['a.png', 'open/b.jpg', 'locked/c.png', 'open/deeper/locked2/d.png', 'open/deeper/e.webp']);
    const result = await walkImages(root, signal(), { maxEntries: 1000, readDir: denying('/locked', '/locked2') });
    expect(result.files.map((f) => f.id)).toEqual(['a.png', 'open/b.jpg', 'open/deeper/e.webp']);
    expect(result.skipped).toBe(2);
    expect(result.truncated).toBe(false);
  });

  it('still fails when the folder itself cannot be read', async () => {
    const root = tempDir();
    const error = await walkImages(root, signal(), { maxEntries: 1000, readDir: denying(root) }).catch((e: unknown) => e);
    expect((error as NodeJS.ErrnoException).code).toBe('EACCES');
  });

  it('stops at the entry limit and says so (a folder of / must not run for ever)', async () => {
    const root = tempDir();
    tree(
      root,
      Array.from({ length: 50 }, (_, i) => `f${i}/img${i}.png`),
    );
    const result = await walkImages(root, signal(), { maxEntries: 20 });
    expect(result.truncated).toBe(true);
    expect(result.files.length).toBeLessThan(20);
  });

  it('stops between folders when cancelled', async () => {
    const root = tempDir();
    tree(root, ['a/1.png', 'b/2.png']);
    const controller = new AbortController();
    let reads = 0;
    const pending = walkImages(root, controller.signal, {
      maxEntries: 1000,
      readDir: async (dir) => {
        if (++reads === 1) controller.abort();
        return readdir(dir, { withFileTypes: true });
      },
    });
    await expect(pending).rejects.toThrow();
    expect(reads).toBe(1);
  });

  it('never follows a symbolic link, to a file or a folder, in or out of the folder', async () => {
    const base = tempDir();
    const root = join(base, 'library');
    tree(base, ['library/own.png', 'outside/secret.png', 'outside/album/leak.jpg']);
    symlinkSync(join(base, 'outside', 'secret.png'), join(root, 'link.png'));
    symlinkSync(join(base, 'outside', 'album'), join(root, 'album'));
    const result = await walkImages(root, signal());
    expect(result.files.map((f) => f.id)).toEqual(['own.png']);
  });
});

describe('realPathInside', () => {
  it('gives the real path inside the folder, and nothing for a link that leads out', async () => {
    const base = tempDir();
    const root = join(base, 'library');
    tree(base, ['library/own.png', 'library/sub/inner.png', 'outside/secret.png']);
    symlinkSync(join(root, 'sub', 'inner.png'), join(root, 'inner-link.png'));
    symlinkSync(join(base, 'outside', 'secret.png'), join(root, 'escape.png'));
    symlinkSync(join(base, 'outside'), join(root, 'escape-dir'));
    expect(await realPathInside(root, join(root, 'own.png'))).toBe(join(root, 'own.png'));
    expect(await realPathInside(root, join(root, 'inner-link.png'))).toBe(join(root, 'sub', 'inner.png'));
    expect(await realPathInside(root, join(root, 'escape.png'))).toBeUndefined();
    expect(await realPathInside(root, join(root, 'escape-dir', 'secret.png'))).toBeUndefined();
  });
});
