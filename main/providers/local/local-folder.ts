import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { TestReport } from '../../../preload/contract';
import { isImageName, nameMatches } from '../../../preload/image-types';
import { AppError } from '../../shared/app-error';
import type { Provider, ProviderFactory, ProviderHit } from '../provider';

const pageSize = 200;
const listingReuseMs = 1500;

interface FileEntry {
  id: string;
  path: string;
}

/**
 * Searches image file names under a folder, recursively. Item IDs are paths relative to
 * the folder with forward slashes; every ID from the renderer is resolved and checked to
 * stay inside the folder before it is touched.
 */
export const localFolderProvider: ProviderFactory<'local'> = ({ config }) => {
  const root = resolve(config.folder);

  const resolveItem = (itemId: string): string => {
    const full = resolve(root, ...itemId.split('/'));
    const rel = relative(root, full);
    if (itemId.startsWith('/') || rel === '' || rel.startsWith('..') || isAbsolute(rel) || !isImageName(full)) {
      throw new AppError({ code: 'not_found', message: 'That file is not part of this folder.' });
    }
    return full;
  };

  /** The item's path once it is known to exist; a file deleted since the search says so. */
  const existingItem = async (itemId: string): Promise<string> => {
    const path = resolveItem(itemId);
    try {
      await stat(path);
    } catch (error) {
      // The whole folder may be gone (an unplugged drive): report that rather than the file.
      await stat(root).catch((rootError: unknown) => {
        throw folderError(rootError, root);
      });
      throw new AppError(
        { code: 'file_missing', message: `${basename(path)} is no longer in the folder.`, fix: 'Search again to refresh the results.' },
        { cause: error },
      );
    }
    return path;
  };

  // Keystrokes come faster than a large folder is walked: one listing serves a burst of
  // searches, and is read again once it is a moment old (new files show up within it).
  // The shared walk is not tied to the first caller's signal (typing aborts that one);
  // each caller stops waiting on its own signal instead.
  let listing: { at: number; files: Promise<FileEntry[]> } | undefined;
  const recentListing = async (signal: AbortSignal): Promise<FileEntry[]> => {
    if (!listing || Date.now() - listing.at > listingReuseMs) {
      const files = listImages(root);
      listing = { at: Date.now(), files };
      files.catch(() => (listing = undefined));
    }
    const files = await listing.files;
    signal.throwIfAborted();
    return files;
  };

  const provider: Provider = {
    async search(text, cursor, signal) {
      const files = await recentListing(signal);
      const matches = text ? files.filter((f) => nameMatches(basename(f.path), text)) : files;
      const offset = cursor ? Number(cursor) : 0;
      const slice = matches.slice(offset, offset + pageSize);
      const hits = await Promise.all(slice.map((f) => toHit(root, f)));
      const next = offset + pageSize;
      return {
        hits: hits.filter((h): h is ProviderHit => h !== undefined),
        total: matches.length,
        ...(next < matches.length ? { nextCursor: String(next) } : {}),
      };
    },
    async thumbnailSource(itemId) {
      return readFile(await existingItem(itemId));
    },
    async original(itemId) {
      const path = await existingItem(itemId);
      return { name: basename(path), body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array> };
    },
    localPath: existingItem,
    originalUrl() {
      return undefined;
    },
    async test(signal): Promise<TestReport> {
      // A fresh walk: the test must see the folder as it is now.
      const files = await listImages(root);
      signal.throwIfAborted();
      return {
        summary: files.length ? `Found ${files.length} images in this folder.` : 'The folder is readable but has no images yet.',
        details: [
          { label: 'Folder', value: root, copyable: true },
          { label: 'Images', value: String(files.length) },
        ],
        nextSteps: files.length
          ? ['Save the connection, then search by any part of a file name.']
          : ['Add images (jpg, png, gif, webp, svg, tiff, bmp or heic) to the folder or its subfolders.'],
        visibleImages: files.length,
      };
    },
  };
  return provider;
};

async function toHit(root: string, file: FileEntry): Promise<ProviderHit | undefined> {
  try {
    const info = await stat(file.path);
    const folder = relative(root, dirname(file.path));
    return {
      id: file.id,
      name: basename(file.path),
      size: info.size,
      modifiedAt: info.mtime.toISOString(),
      location: folder ? folder.split(sep).join('/') : '/',
    };
  } catch {
    // Deleted between listing and stat: simply not a result any more.
    return undefined;
  }
}

async function listImages(root: string): Promise<FileEntry[]> {
  try {
    const info = await stat(root);
    if (!info.isDirectory()) {
      throw new AppError({
        code: 'folder_not_a_folder',
        message: `${root} is a file, not a folder.`,
        fix: 'Choose the folder that contains your images.',
        step: 'folder',
      });
    }
  } catch (error) {
    throw folderError(error, root);
  }
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: FileEntry[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !isImageName(entry.name) || entry.name.startsWith('.')) continue;
    const path = join(entry.parentPath, entry.name);
    files.push({ id: relative(root, path).split(sep).join('/'), path });
  }
  return files.sort((a, b) => a.id.localeCompare(b.id));
}

function folderError(error: unknown, path: string): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new AppError({
      code: 'folder_missing',
      message: `The folder ${path} does not exist (any more).`,
      fix: 'Reconnect the drive it is on, or choose the folder again in Settings › Connections.',
      step: 'folder',
    });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new AppError({
      code: 'folder_unreadable',
      message: `Skyhook is not allowed to read ${path}.`,
      fix: 'Give your user read access to the folder (or, on macOS, allow Skyhook under Privacy & Security › Files and Folders).',
      step: 'folder',
    });
  }
  return new AppError({ code: 'folder_error', message: `The folder ${path} could not be read.`, step: 'folder' }, { cause: error });
}
