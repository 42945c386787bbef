import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { tempPathFor } from '../../shared/atomic-file';
import { AppError } from '../../shared/app-error';
import { UploadConflict, type LocalFile, type UploadedItem, type Uploader, type UploadRequest } from '../../delivery/uploader';
import { realPathInside } from './folder-walk';

/** The connection's folder itself, as a delivery folder ID. */
export const localRootFolderId = '.';

/**
 * Delivery into a local connection's folder: a copy. The bytes go to a temporary file in
 * the target folder first, then a hard link (new files: fails if the name was taken
 * meanwhile) or a rename (new version: replaces in one step), so nobody sees half a file.
 */
export function localUploader(root: string): Uploader {
  const folderPath = async (folderId: string): Promise<string> => {
    const full = folderId === localRootFolderId ? root : resolve(root, ...folderId.split('/'));
    const rel = relative(root, full);
    const inside = folderId === localRootFolderId || (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !folderId.startsWith('/'));
    const real = inside ? await realPathInside(root, full).catch(() => undefined) : undefined;
    if (!real && folderId !== localRootFolderId) {
      throw new AppError({
        code: 'delivery_folder_not_found',
        message: 'The delivery folder is not inside this connection’s folder any more.',
        fix: 'Pick the delivery folder again.',
        step: 'folder',
      });
    }
    return real ?? root;
  };
  const targetOf = async (folderId: string, name: string) => {
    if (basename(name) !== name) throw new AppError({ code: 'name_refused', message: `"${name}" is not a file name.` });
    return join(await folderPath(folderId), name);
  };

  return {
    nameProblem(name) {
      if (name.includes('/') || name.includes('\\') || name === '.' || name === '..') return `"${name}" cannot be a file name in a folder.`;
      if (Buffer.byteLength(name) > 255) return `"${name.slice(0, 40)}…" is too long for a file name.`;
      return undefined;
    },
    async preflight(folderId, name, file, signal) {
      signal.throwIfAborted();
      const target = await targetOf(folderId, name);
      const existing = await stat(target).catch(() => undefined);
      if (!existing) return {};
      const same = existing.isFile() && existing.size === file.size && (await sha1Of(target)) === (await file.sha1());
      return { conflict: { id: idOf(root, target), sameContent: same } };
    },
    async upload(request: UploadRequest): Promise<UploadedItem> {
      const target = await targetOf(request.folderId, request.name);
      await mkdir(dirname(target), { recursive: true });
      const temp = tempPathFor(target);
      try {
        await copyInPieces(request.file, temp, request.signal, request.progress);
        if (request.replaceId) {
          await rename(temp, target);
        } else {
          await link(temp, target).catch(async (error: unknown) => {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
            const found = await this.preflight(request.folderId, request.name, request.file, request.signal);
            throw new UploadConflict(found.conflict ?? { id: idOf(root, target), sameContent: false });
          });
        }
      } finally {
        await rm(temp, { force: true });
      }
      const info = await stat(target);
      const folder = relative(root, dirname(target)).split(sep).join('/');
      return {
        hit: { id: idOf(root, target), name: request.name, size: info.size, modifiedAt: info.mtime.toISOString(), location: folder || '/' },
      };
    },
    async probeWrite(folderId) {
      const probe = join(await folderPath(folderId), `.skyhook-write-check-${process.pid}`);
      try {
        await (await open(probe, 'wx')).close();
      } catch (error) {
        throw new AppError(
          {
            code: 'write_not_allowed',
            message: 'Skyhook may not add files to this folder.',
            fix: 'Give your user write access to the folder, or pick another one.',
            step: 'folder',
          },
          { cause: error },
        );
      } finally {
        await rm(probe, { force: true });
      }
    },
    async folderName(folderId) {
      return basename(await folderPath(folderId));
    },
  };
}

const idOf = (root: string, path: string) => relative(root, path).split(sep).join('/');

async function copyInPieces(file: LocalFile, temp: string, signal: AbortSignal, progress: (sent: number) => void): Promise<void> {
  const piece = 4 * 1024 * 1024;
  const out = await open(temp, 'wx', 0o644);
  try {
    for (let offset = 0; offset < file.size; offset += piece) {
      signal.throwIfAborted();
      const bytes = await file.read(offset, piece);
      await out.write(bytes, 0, bytes.length, offset);
      progress(offset + bytes.length);
    }
    await out.sync();
  } finally {
    await out.close();
  }
}

async function sha1Of(path: string): Promise<string> {
  const hash = createHash('sha1');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
