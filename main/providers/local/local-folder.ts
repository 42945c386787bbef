import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { TestReport } from '../../../preload/contract';
import { extensionOf, isImageName, nameMatches } from '../../../preload/image-types';
import { AppError } from '../../shared/app-error';
import type { FolderListing, Provider, ProviderFactory, ProviderHit } from '../provider';
import { realPathInside, walkImages, type FileEntry, type WalkResult } from './folder-walk';
import { localUploader } from './local-upload';
import { createLocalIndexSource } from './local-index-source';
import { psdThumbnail } from './psd-thumbnail';

const pageSize = 200;
/** Photoshop files: sharp cannot read them, but they carry a small composite of their own. */
const layeredExtensions = new Set(['psd', 'psb']);
/** What sharp's build cannot decode and no small library previews: a typed placeholder instead. */
const noPreviewExtensions = new Set(['ai', 'eps', 'pdf', 'heic', 'heif', 'cr2', 'cr3', 'nef', 'arw', 'dng']);

const noPreview = (name: string) =>
  new AppError({ code: 'no_preview', message: `${basename(name)} has no preview on this computer; it still drags as the original file.` });
const listingReuseMs = 1500;

/**
 * Searches image file names under a folder, recursively. Item IDs are paths relative to
 * the folder with forward slashes; every ID from the renderer is resolved, and its real
 * path (symbolic links followed) checked to stay inside the folder, before it is touched.
 */
export const localFolderProvider: ProviderFactory<'local'> = ({ config, context }) => {
  const root = resolve(config.folder);

  const resolveItem = (itemId: string): string => {
    const full = resolve(root, ...itemId.split('/'));
    const rel = relative(root, full);
    if (itemId.startsWith('/') || rel === '' || rel.startsWith('..') || isAbsolute(rel) || !isImageName(full)) {
      throw new AppError({ code: 'not_found', message: 'That file is not part of this folder.' });
    }
    return full;
  };

  /** The item's real path once it is known to exist inside the folder; a file deleted since the search says so. */
  const existingItem = async (itemId: string): Promise<string> => {
    const path = resolveItem(itemId);
    let real: string | undefined;
    try {
      await stat(path);
      real = await realPathInside(root, path);
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
    // A link out of the folder (to ~/.ssh, say) is not part of the folder, whatever its name.
    if (!real) throw new AppError({ code: 'not_found', message: 'That file is not part of this folder.' });
    return real;
  };

  // Keystrokes come faster than a large folder is walked: one listing serves a burst of
  // searches, and is read again once it is a moment old (new files show up within it).
  // The shared walk is not tied to the first caller's signal (typing aborts that one);
  // each caller stops waiting on its own signal instead.
  // The shared walk stops when the provider is disposed (connection removed or edited).
  const disposed = new AbortController();
  let uploader: ReturnType<typeof localUploader> | undefined;
  let listing: { at: number; walk: Promise<WalkResult> } | undefined;
  let reportedSkips = 0;
  const recentListing = async (signal: AbortSignal): Promise<FileEntry[]> => {
    if (!listing || Date.now() - listing.at > listingReuseMs) {
      const walk = listImages(root, disposed.signal);
      listing = { at: Date.now(), walk };
      walk.catch(() => (listing = undefined));
    }
    const { files, skipped } = await listing.walk;
    signal.throwIfAborted();
    if (skipped !== reportedSkips) context.log.warn('local folder: some subfolders could not be read', { skipped });
    reportedSkips = skipped;
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
    async dispose() {
      disposed.abort();
    },
    async thumbnailSource(itemId) {
      const path = await existingItem(itemId);
      const ext = extensionOf(path);
      if (noPreviewExtensions.has(ext)) throw noPreview(path);
      if (!layeredExtensions.has(ext)) return readFile(path);
      const composite = await psdThumbnail(path);
      if (!composite) throw noPreview(path);
      return composite;
    },
    thumbnailFromSource(itemId) {
      const ext = extensionOf(itemId);
      return layeredExtensions.has(ext) || noPreviewExtensions.has(ext);
    },
    async original(itemId) {
      const path = await existingItem(itemId);
      return { name: basename(path), body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array> };
    },
    localPath: existingItem,
    listFolder: (folderId, cursor, signal) => listOneFolder(root, folderId ?? '', cursor, signal),
    uploader: () => (uploader ??= localUploader(root)),
    indexSource: () => createLocalIndexSource(root),
    originalUrl() {
      return undefined;
    },
    async test(signal): Promise<TestReport> {
      // A fresh walk: the test must see the folder as it is now.
      const { files, skipped, truncated } = await listImages(root, signal);
      return {
        summary: files.length ? `Found ${files.length} images in this folder.` : 'The folder is readable but has no images yet.',
        details: [
          { label: 'Folder', value: root, copyable: true },
          { label: 'Images', value: String(files.length) },
          ...(skipped ? [{ label: 'Not readable', value: `${skipped} subfolder${skipped === 1 ? '' : 's'} skipped` }] : []),
          ...(truncated ? [{ label: 'Stopped early', value: 'The folder is too large to list in full; choose a smaller one.' }] : []),
        ],
        nextSteps: [
          ...(files.length
            ? ['Save the connection, then search by any part of a file name.']
            : ['Add images (photos, SVG, AI, EPS, PSD, camera raw or PDF files) to the folder or its subfolders.']),
          ...(skipped ? ['Give your user read access to the skipped subfolders if their images should be found too.'] : []),
        ],
        visibleImages: files.length,
      };
    },
  };
  return provider;
};

/**
 * One folder of the connection: subfolders and images directly inside, hidden entries and
 * links left out (as in search). Folder IDs are paths relative to the connection's folder;
 * one that leads outside it (or through a link out of it) is refused.
 */
async function listOneFolder(root: string, folderId: string, cursor: string | undefined, signal: AbortSignal): Promise<FolderListing> {
  const dir = resolve(root, ...folderId.split('/').filter(Boolean));
  const rel = relative(root, dir);
  const real = rel === '' ? dir : await realPathInside(root, dir).catch(() => undefined);
  if (folderId.startsWith('/') || rel.startsWith('..') || isAbsolute(rel) || !real) {
    throw new AppError({ code: 'folder_not_found', message: 'That folder is not part of this connection.' });
  }
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw folderError(error, dir);
  }
  signal.throwIfAborted();
  const idOf = (name: string) => (rel ? `${rel.split(sep).join('/')}/${name}` : name);
  const visible = entries
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }));
  const folders = visible.filter((e) => e.isDirectory()).map((e) => ({ id: idOf(e.name), name: e.name }));
  const images = visible.filter((e) => e.isFile() && isImageName(e.name));
  const offset = cursor ? Number(cursor) : 0;
  const slice = images.slice(offset, offset + pageSize);
  const hits = await Promise.all(slice.map((e) => toHit(root, { id: idOf(e.name), path: join(dir, e.name) })));
  const next = offset + pageSize;
  return {
    folders: offset === 0 ? folders : [],
    hits: hits.filter((h): h is ProviderHit => h !== undefined),
    total: images.length,
    ...(next < images.length ? { nextCursor: String(next) } : {}),
  };
}

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

async function listImages(root: string, signal: AbortSignal): Promise<WalkResult> {
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
    return await walkImages(root, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    throw folderError(error, root);
  }
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
