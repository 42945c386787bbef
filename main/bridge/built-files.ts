import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * The renderer's built files as URL path → file, listed once at start. Static serving looks
 * a request up here instead of mapping the URL onto the disk, so no URL (a folder, `..`,
 * an encoded separator, a file added later) can reach anything else.
 */
export function listBuiltFiles(rendererDir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(rendererDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    files.set('/' + relative(rendererDir, file).split(sep).join('/'), file);
  }
  return files;
}
