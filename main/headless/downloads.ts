import { constants } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';

/**
 * "Save as…" without a dialog (the browser bridge): a copy in the downloads folder, named
 * like a browser would — "name (2).jpg" rather than overwriting an earlier download.
 */
export async function saveToDownloads(source: string, name: string, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let n = 1; ; n++) {
    const target = join(dir, n === 1 ? name : `${stem} (${n})${extension}`);
    try {
      await copyFile(source, target, constants.COPYFILE_EXCL);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
