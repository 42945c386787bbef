import { homedir } from 'node:os';
import { parse, relative, resolve, sep } from 'node:path';

/**
 * A warning when a local connection would index a folder that holds far more than
 * pictures: the whole disk, the home folder, or a hidden folder of it (`~/.ssh`, `~/.aws`),
 * where keys live. Undefined for an ordinary folder.
 */
export function sensitiveFolderWarning(folder: string, home: string = homedir()): string | undefined {
  const path = resolve(folder);
  if (path === parse(path).root) {
    return `${path} is the whole disk: Skyhook would list every file on this computer. Choose the folder that holds your images.`;
  }
  const rel = relative(resolve(home), path);
  if (rel === '') return `${path} is the whole home folder, including private files and keys. Choose the folder that holds your images.`;
  const first = rel.split(sep)[0] ?? '';
  if (first.startsWith('.') && first !== '..') {
    return `${path} is a hidden folder of your home folder, where keys and passwords are kept. Choose the folder that holds your images.`;
  }
  return undefined;
}
