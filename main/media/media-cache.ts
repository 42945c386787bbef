import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import sharp from 'sharp';
import { AppError, isAbortError } from '../shared/app-error';
import { tempPathFor, writeFileAtomic } from '../shared/atomic-file';
import type { Provider } from '../providers/provider';

export const thumbnailSize = 320;

/** What a drag needs: the original on disk and an icon for the OS drag image. */
export interface DragFiles {
  file: string;
  /** A small PNG of the thumbnail; undefined when the image has no preview. */
  icon: string | undefined;
}

const iconPathFor = (thumbnail: string) => thumbnail.replace(/\.webp$/, '.icon.png');

/**
 * Thumbnails and originals on disk, keyed by connection and item. Every write goes to a
 * temporary file first, so a failed or cancelled download never leaves a half file that
 * a later drag would hand to another app.
 */
export class MediaCache {
  private readonly inflight = new Map<string, Promise<string>>();
  /** Originals known to be complete on disk: lets a drag start synchronously. */
  private readonly readyOriginals = new Map<string, string>();

  constructor(private readonly dir: string) {}

  thumbnail(connectionId: string, itemId: string, provider: Provider, signal: AbortSignal): Promise<string> {
    const target = join(this.dir, 'thumbs', connectionId, `${digest(itemId)}.webp`);
    return this.once(target, async () => {
      if (existsSync(target)) return target;
      const source = await provider.thumbnailSource(itemId, signal);
      const image = await sharp(source, { animated: false, limitInputPixels: 268_402_689 })
        .rotate()
        .resize(thumbnailSize, thumbnailSize, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 78 })
        .toBuffer()
        .catch((error: unknown) => {
          throw new AppError(
            { code: 'thumbnail_unavailable', message: 'This image has no preview (its format cannot be decoded here).' },
            { cause: error },
          );
        });
      await writeFileAtomic(target, image, 0o644);
      // The OS drag image must be PNG or JPEG (Electron's nativeImage reads no WebP).
      await writeFileAtomic(iconPathFor(target), await sharp(image).resize(96, 96, { fit: 'inside' }).png().toBuffer(), 0o644);
      return target;
    });
  }

  /** Downloads the original (or finds it in place, for local folders) and returns its path. */
  original(connectionId: string, itemId: string, provider: Provider, signal: AbortSignal): Promise<string> {
    const key = `${connectionId}/${itemId}`;
    return this.once(`original:${key}`, async () => {
      const ready = this.readyOriginals.get(key);
      if (ready && existsSync(ready)) return ready;
      const path = provider.localPath ? await provider.localPath(itemId) : await this.download(connectionId, itemId, provider, signal);
      this.readyOriginals.set(key, path);
      return path;
    });
  }

  /** The original and its drag icon if both are already on disk, else undefined. */
  readyForDrag(connectionId: string, itemId: string): DragFiles | undefined {
    const file = this.readyOriginals.get(`${connectionId}/${itemId}`);
    const icon = iconPathFor(join(this.dir, 'thumbs', connectionId, `${digest(itemId)}.webp`));
    if (!file || !existsSync(file)) return undefined;
    return { file, icon: existsSync(icon) ? icon : undefined };
  }

  async forgetConnection(connectionId: string): Promise<void> {
    for (const key of [...this.readyOriginals.keys()]) {
      if (key.startsWith(`${connectionId}/`)) this.readyOriginals.delete(key);
    }
    await rm(join(this.dir, 'thumbs', connectionId), { recursive: true, force: true });
    await rm(join(this.dir, 'originals', connectionId), { recursive: true, force: true });
  }

  private async download(connectionId: string, itemId: string, provider: Provider, signal: AbortSignal): Promise<string> {
    const folder = join(this.dir, 'originals', connectionId, digest(itemId));
    const file = await provider.original(itemId, signal);
    const target = join(folder, safeFileName(file.name));
    if (existsSync(target)) {
      await file.body.cancel();
      return target;
    }
    await mkdir(folder, { recursive: true });
    const temp = tempPathFor(target);
    try {
      await pipeline(Readable.fromWeb(file.body as NodeReadableStream<Uint8Array>), createWriteStream(temp, { mode: 0o644 }), {
        signal,
      });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      if (isAbortError(error) || error instanceof AppError) throw error;
      throw new AppError({ code: 'download_failed', message: `${file.name} could not be downloaded.`, fix: 'Check your connection and try again.' }, { cause: error });
    }
    return target;
  }

  private once(key: string, work: () => Promise<string>): Promise<string> {
    const running = this.inflight.get(key);
    if (running) return running;
    const promise = work().finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

/**
 * The dropped file keeps its real name, minus anything a file system would reject or
 * read as a path.
 */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[/\\:*?"<>|]/g, '_')
    .replace(/\p{Cc}/gu, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'image';
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}
