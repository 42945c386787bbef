import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { QuickXorHash } from '../media/quick-xor-hash';
import { AppError } from '../shared/app-error';
import { FileChanged, type LocalFile } from './uploader';

/** What identifies one content of a file on disk: a change of either means new bytes. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export const vanished = (name: string, cause?: unknown): AppError =>
  new AppError(
    { code: 'file_vanished', message: `${name} is no longer where it was dropped from.`, fix: 'Drop the file again from its new place.' },
    { cause },
  );

/** The file's stamp now, or a clear error when it is gone or is not a regular file. */
export async function stampOf(path: string, name: string): Promise<FileStamp> {
  const info = await stat(path).catch((error: unknown) => {
    throw vanished(name, error);
  });
  if (!info.isFile()) throw vanished(name);
  return { size: info.size, mtimeMs: info.mtimeMs };
}

/**
 * A file read in pieces while it is uploaded. Each read checks the stamp first and after,
 * so a file saved again mid-upload is noticed (FileChanged) instead of delivered as a mix
 * of old and new bytes. The whole-file hashes are computed once, on demand.
 */
export function localFile(path: string, name: string, stamp: FileStamp): LocalFile {
  const hashes: { sha1?: Promise<string>; xor?: Promise<string> } = {};
  const check = async () => {
    const now = await stampOf(path, name);
    if (now.size !== stamp.size || now.mtimeMs !== stamp.mtimeMs) throw new FileChanged();
  };
  const digestAll = async (update: (chunk: Uint8Array) => void) => {
    await check();
    for await (const chunk of createReadStream(path)) update(chunk as Buffer);
    await check();
  };
  return {
    size: stamp.size,
    async read(offset, length) {
      await check();
      const handle = await open(path, 'r').catch((error: unknown) => {
        throw vanished(name, error);
      });
      try {
        const buffer = Buffer.alloc(Math.min(length, stamp.size - offset));
        let filled = 0;
        while (filled < buffer.length) {
          const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, offset + filled);
          if (bytesRead === 0) throw new FileChanged();
          filled += bytesRead;
        }
        await check();
        return buffer;
      } finally {
        await handle.close();
      }
    },
    sha1: () =>
      (hashes.sha1 ??= (async () => {
        const hash = createHash('sha1');
        await digestAll((chunk) => hash.update(chunk));
        return hash.digest('hex');
      })()),
    quickXorHash: () =>
      (hashes.xor ??= (async () => {
        const hash = new QuickXorHash();
        await digestAll((chunk) => hash.update(chunk));
        return hash.digest();
      })()),
  };
}
