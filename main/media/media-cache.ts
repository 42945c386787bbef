import { createHash } from 'node:crypto';
import { copyFileSync, createWriteStream, existsSync, linkSync, mkdirSync } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir, stat, utimes } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AppError, isAbortError } from '../shared/app-error';
import { tempPathFor, writeFileAtomic } from '../shared/atomic-file';
import type { Provider } from '../providers/provider';
import { ContentCheck } from './content-check';
import { LruIndex } from './lru-index';
import { SharedWork } from './shared-work';
import { WorkLimiter } from './work-limiter';

export const thumbnailSize = 320;
export const previewSize = 1280;
export const defaultCacheLimitBytes = 1024 * 1024 * 1024;
/** Eviction stops a little under the cap so that the next few writes do not each evict. */
const evictionTarget = 0.9;
/** LRU order survives a restart through file mtimes; refreshing them more often buys nothing. */
const touchPersistMs = 60_000;
/** A dragged or prefetched original stays on disk at least this long, whatever else arrives. */
export const pinMs = 10 * 60_000;
/** A download that fails its size or hash check is tried again this many times in all. */
export const maxDownloadAttempts = 3;
/** Image decodes at once; the rest wait (each can take hundreds of MB while it runs). */
const thumbnailConcurrency = 2;
/** The OS drag image's longest side. */
const dragIconSize = 96;

/**
 * sharp (libvips) takes hundreds of milliseconds to load: loaded on the first decode, not
 * at start, so the window and the search field never wait for it.
 */
const loadSharp = async () => (await import('sharp')).default;

/** What a drag needs: the original on disk and an icon for the OS drag image. */
export interface DragFiles {
  file: string;
  /** A small PNG of the thumbnail; undefined when the image has no preview. */
  icon: string | undefined;
}

export interface CacheUsage {
  usedBytes: number;
  files: number;
  limitBytes: number;
}

/** An original arriving: pushed to the renderer as the `download.progress` event. */
export interface DownloadUpdate {
  connectionId: string;
  itemId: string;
  receivedBytes: number;
  ready: boolean;
  error?: string;
}

export interface MediaCacheOptions {
  limitBytes?: number;
  now?: () => number;
  onDownload?: (update: DownloadUpdate) => void;
  /** Told why a download was thrown away (size or hash), for the log. */
  onRejected?: (connectionId: string, itemId: string, reason: string) => void;
}

/** Progress is reported at most this often per download; the final update always goes. */
const progressEveryMs = 100;

type Rendition = 'thumbs' | 'previews';

/**
 * WebP `effort` (0–6, sharp's default 4): a tile waits for its encode, so thumbnails take
 * effort 2, half the encode time for files 2–6 % larger (measured on the samples at 320 px).
 */
const renditions: Record<Rendition, { size: number; quality: number; effort: number }> = {
  thumbs: { size: thumbnailSize, quality: 78, effort: 2 },
  previews: { size: previewSize, quality: 82, effort: 4 },
};

const iconPathFor = (thumbnail: string) => thumbnail.replace(/\.webp$/, '.icon.png');
const isPartial = (name: string) => name.endsWith('.partial');

/**
 * Thumbnails, previews and originals on disk, keyed by connection and item, kept under a
 * size cap by evicting the least recently used. Every write goes to a temporary file
 * first, so a failed or cancelled download never leaves a half file that a later drag
 * would hand to another app. Originals of local folders are used in place and never
 * counted or deleted.
 */
export class MediaCache {
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly renditionJobs = new SharedWork<string>();
  /** Originals known to be complete on disk: lets a drag start synchronously. */
  private readonly readyOriginals = new Map<string, string>();
  private readonly lru = new LruIndex();
  private readonly lastPersistedTouch = new Map<string, number>();
  /** Group → until when it must not be evicted (dragged or prefetched originals). */
  private readonly pins = new Map<string, number>();
  /** Bytes of downloads under way, already made room for: the cap holds during a burst. */
  private reservedBytes = 0;
  private readonly roomWaiters: Array<() => void> = [];
  /** Evictions run one at a time, so two never pick from the same stale picture. */
  private evicting: Promise<void> = Promise.resolve();
  private readonly decoders = new WorkLimiter(thumbnailConcurrency);
  private limitBytes: number;
  private readonly now: () => number;
  private scanned: Promise<void> | undefined;

  constructor(
    private readonly dir: string,
    options: MediaCacheOptions = {},
  ) {
    this.limitBytes = options.limitBytes ?? defaultCacheLimitBytes;
    this.now = options.now ?? Date.now;
    this.onDownload = options.onDownload ?? (() => undefined);
    this.onRejected = options.onRejected ?? (() => undefined);
  }

  private readonly onDownload: (update: DownloadUpdate) => void;
  private readonly onRejected: (connectionId: string, itemId: string, reason: string) => void;

  thumbnail(connectionId: string, itemId: string, provider: Provider, signal: AbortSignal): Promise<string> {
    return this.rendition('thumbs', connectionId, itemId, provider, signal);
  }

  /** A larger rendition for the preview pane (never larger than the image itself). */
  preview(connectionId: string, itemId: string, provider: Provider, signal: AbortSignal): Promise<string> {
    return this.rendition('previews', connectionId, itemId, provider, signal);
  }

  /** Downloads the original (or finds it in place, for local folders) and returns its path. */
  original(connectionId: string, itemId: string, provider: Provider, signal: AbortSignal): Promise<string> {
    const key = `${connectionId}/${itemId}`;
    return this.once(`original:${key}`, async () => {
      await this.scan();
      const ready = this.readyOriginals.get(key);
      if (ready && existsSync(ready)) {
        this.touch(ready);
        this.pin(ready);
        return ready;
      }
      const path = provider.localPath ? await provider.localPath(itemId) : await this.download(connectionId, itemId, provider, signal);
      this.readyOriginals.set(key, path);
      // Fetched for a drag (or a prefetch ahead of one): the drop target reads it later.
      this.pin(path);
      // Only a file that can be dragged needs a drag image: made now, not for every thumbnail.
      void this.makeDragIcon(connectionId, itemId, path).catch(() => undefined);
      return path;
    });
  }

  /**
   * The one rule for drag readiness, used by both compositions: the original and its drag
   * icon if the original is already on disk, else undefined (the desktop cannot start an
   * OS drag without the file at dragstart).
   */
  readyForDrag(connectionId: string, itemId: string): DragFiles | undefined {
    const file = this.readyOriginals.get(`${connectionId}/${itemId}`);
    const icon = iconPathFor(this.renditionPath('thumbs', connectionId, itemId));
    if (!file || !existsSync(file)) return undefined;
    this.touch(file);
    this.pin(file);
    return { file, icon: existsSync(icon) ? icon : undefined };
  }

  /**
   * The large preview (or else the thumbnail) as a file named `<name> (preview).webp`, for
   * dragging while the original downloads; undefined when neither is on disk. The name
   * says it is a preview so nobody mistakes it for the original on their canvas.
   */
  previewForDrag(connectionId: string, itemId: string, name: string): string | undefined {
    const source = (['previews', 'thumbs'] as const)
      .map((kind) => this.renditionPath(kind, connectionId, itemId))
      .find((path) => existsSync(path));
    if (!source) return undefined;
    this.touch(source);
    const base = safeFileName(name).replace(/\.[^.]*$/, '') || 'image';
    const target = join(this.dir, 'drag-previews', connectionId, digest(itemId), `${base} (preview).webp`);
    // Synchronous on purpose: an OS drag must start within the dragstart it answers.
    if (existsSync(target)) return target;
    mkdirSync(dirname(target), { recursive: true });
    // A hard link costs no space; where one cannot be made, a copy (previews are small).
    try {
      linkSync(source, target);
    } catch {
      copyFileSync(source, target);
    }
    return target;
  }

  async usage(): Promise<CacheUsage> {
    await this.scan();
    return { usedBytes: this.lru.totalBytes, files: this.lru.fileCount, limitBytes: this.limitBytes };
  }

  /** Changes the cap and evicts at once if the cache is now over it. */
  async setLimit(limitBytes: number): Promise<CacheUsage> {
    this.limitBytes = limitBytes;
    await this.scan();
    await this.evict([]);
    return this.usage();
  }

  /** Deletes every cached file. Downloads still running finish into a fresh cache. */
  async clear(): Promise<CacheUsage> {
    await this.scan();
    for (const group of this.lru.groups()) await this.drop(group);
    return this.usage();
  }

  /** Whether a file is protected from eviction right now (for tests and the cache view). */
  isPinned(file: string): boolean {
    return (this.pins.get(this.groupOf(file)) ?? 0) > this.now();
  }

  async forgetConnection(connectionId: string): Promise<void> {
    for (const key of [...this.readyOriginals.keys()]) {
      if (key.startsWith(`${connectionId}/`)) this.readyOriginals.delete(key);
    }
    await this.scan();
    for (const kind of ['thumbs', 'previews', 'originals']) {
      const folder = join(this.dir, kind, connectionId);
      for (const group of this.lru.groups()) if (group.startsWith(folder + sep)) this.lru.remove(group);
      await rm(folder, { recursive: true, force: true });
    }
  }

  private rendition(kind: Rendition, connectionId: string, itemId: string, provider: Provider, callerSignal: AbortSignal): Promise<string> {
    const target = this.renditionPath(kind, connectionId, itemId);
    const { size, quality, effort } = renditions[kind];
    // Shared: a tile's request joins main's warm-up of the same thumbnail (or the other way
    // round), and the fetch stops only when neither wants it any more.
    return this.renditionJobs.run(target, callerSignal, async (signal) => {
      await this.scan();
      if (existsSync(target)) {
        this.touch(target);
        return target;
      }
      // A cloud thumbnail's source is a small rendition: fetched outside the decode limit, so
      // a screenful of tiles waits one round trip in parallel, not one round trip per pair.
      const fetched = provider.localPath ? undefined : await provider.thumbnailSource(itemId, signal);
      const image = await this.decoders.run(async () => {
        signal.throwIfAborted();
        // A local file goes to sharp by path: libvips reads it as it decodes instead of the
        // whole file landing in memory first (a 700 MB TIFF would otherwise cost 700 MB).
        const source =
          fetched ??
          (provider.localPath && !provider.thumbnailFromSource?.(itemId)
            ? await provider.localPath(itemId)
            : await provider.thumbnailSource(itemId, signal));
        const sharp = await loadSharp();
        return sharp(source, { animated: false, limitInputPixels: 268_402_689, sequentialRead: true })
          .rotate()
          .resize(size, size, { fit: 'inside', withoutEnlargement: true })
          .webp({ quality, effort })
          .toBuffer()
          .catch((error: unknown) => {
            throw new AppError(
              { code: 'thumbnail_unavailable', message: 'This image has no preview (its format cannot be decoded here).' },
              { cause: error },
            );
          });
      });
      await writeFileAtomic(target, image, 0o644);
      this.record(target, image.byteLength);
      await this.evict([target]);
      return target;
    });
  }

  /**
   * The OS drag image (PNG: Electron's nativeImage reads no WebP), from the thumbnail when
   * there is one, else from the original. It lives with the thumbnail and is evicted with it.
   */
  private async makeDragIcon(connectionId: string, itemId: string, original: string): Promise<void> {
    const thumbnail = this.renditionPath('thumbs', connectionId, itemId);
    const icon = iconPathFor(thumbnail);
    if (existsSync(icon)) return;
    const png = await this.decoders.run(async () => {
      const sharp = await loadSharp();
      const source = existsSync(thumbnail) ? thumbnail : original;
      return sharp(source, { animated: false, limitInputPixels: 268_402_689, sequentialRead: true })
        .rotate()
        .resize(dragIconSize, dragIconSize, { fit: 'inside' })
        .png()
        .toBuffer();
    });
    await writeFileAtomic(icon, png, 0o644);
    this.record(icon, png.byteLength);
  }

  private renditionPath(kind: Rendition, connectionId: string, itemId: string): string {
    return join(this.dir, kind, connectionId, `${digest(itemId)}.webp`);
  }

  /**
   * Downloads into the cache, checking size and hash against what the provider said. A
   * body that ended early or differs is deleted and fetched again, a bounded number of
   * times; a file that never passes is never served.
   */
  private async download(connectionId: string, itemId: string, provider: Provider, signal: AbortSignal): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.downloadOnce(connectionId, itemId, provider, signal);
      if (typeof result === 'string') return result;
      this.onRejected(connectionId, itemId, result.reason);
      if (attempt >= maxDownloadAttempts) {
        this.onDownload({ connectionId, itemId, receivedBytes: 0, ready: false, error: 'failed' });
        throw result.interrupted
          ? new AppError({
              code: 'download_failed',
              message: `${result.name} could not be downloaded.`,
              fix: 'Check your connection and try again.',
            })
          : new AppError({
              code: 'download_incomplete',
              message: `${result.name} arrived incomplete ${attempt} times, so Skyhook did not keep it.`,
              fix: 'Check your connection and try again.',
            });
      }
    }
  }

  /** The cached path, or why the bytes were not kept (the caller retries). */
  private async downloadOnce(
    connectionId: string,
    itemId: string,
    provider: Provider,
    signal: AbortSignal,
  ): Promise<string | { name: string; reason: string; interrupted: boolean }> {
    const folder = join(this.dir, 'originals', connectionId, digest(itemId));
    const file = await provider.original(itemId, signal);
    const target = join(folder, safeFileName(file.name));
    if (existsSync(target)) {
      await file.body.cancel();
      this.touch(target);
      return target;
    }
    const reserved = file.expected?.size ?? 0;
    try {
      await this.makeRoom(reserved, signal);
    } catch (error) {
      await file.body.cancel().catch(() => undefined);
      throw error;
    }
    let released = false;
    const release = () => {
      if (!released) this.releaseRoom(reserved);
      released = true;
    };
    try {
      await mkdir(folder, { recursive: true });
      const temp = tempPathFor(target);
      const check = new ContentCheck(file.expected);
      let receivedBytes = 0;
      let reportedAt = 0;
      const count = new Transform({
        transform: (chunk: Buffer, _encoding, done) => {
          receivedBytes += chunk.byteLength;
          check.update(chunk);
          if (this.now() - reportedAt >= progressEveryMs) {
            reportedAt = this.now();
            this.onDownload({ connectionId, itemId, receivedBytes, ready: false });
          }
          done(null, chunk);
        },
      });
      try {
        await pipeline(Readable.fromWeb(file.body as WebReadableStream<Uint8Array>), count, createWriteStream(temp, { mode: 0o644 }), {
          signal,
        });
      } catch (error) {
        await rm(temp, { force: true });
        if (isAbortError(error) || error instanceof AppError || signal.aborted) {
          this.onDownload({ connectionId, itemId, receivedBytes, ready: false, error: 'failed' });
          throw error;
        }
        // The connection broke mid-body (reset, "terminated"): like a short body, worth another try.
        return { name: file.name, reason: `interrupted after ${receivedBytes} bytes`, interrupted: true };
      }
      const mismatch = check.mismatch();
      if (mismatch) {
        await rm(temp, { force: true });
        return { name: file.name, reason: mismatch, interrupted: false };
      }
      await rename(temp, target);
      this.record(target, (await stat(target)).size);
      release();
      await this.evict([target]);
      this.onDownload({ connectionId, itemId, receivedBytes, ready: true });
      return target;
    } finally {
      release();
    }
  }

  /** A drag icon lives and dies with its thumbnail; anything else is its own group. */
  private groupOf(file: string): string {
    return file.startsWith(join(this.dir, 'thumbs') + sep) ? file.replace(/\.icon\.png$/, '.webp') : file;
  }

  private record(file: string, size: number): void {
    this.lru.add(this.groupOf(file), file, size, this.now());
  }

  private touch(file: string): void {
    const group = this.groupOf(file);
    const now = this.now();
    if (!this.lru.touch(group, now)) return;
    if (now - (this.lastPersistedTouch.get(group) ?? 0) < touchPersistMs) return;
    this.lastPersistedTouch.set(group, now);
    const when = new Date(now);
    void utimes(group, when, when).catch(() => undefined);
  }

  /**
   * Admits a download of `size` bytes once the cache plus the downloads under way leave room
   * for it under the cap, evicting what it may; otherwise it waits for one to finish. The
   * first of a burst always starts, so a file larger than the cap still arrives.
   */
  private async makeRoom(size: number, signal: AbortSignal): Promise<void> {
    for (;;) {
      await this.evict([], size);
      if (this.reservedBytes === 0 || this.lru.totalBytes + this.reservedBytes + size <= this.limitBytes) {
        this.reservedBytes += size;
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.throwIfAborted();
        signal.addEventListener('abort', onAbort, { once: true });
        this.roomWaiters.push(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
  }

  private releaseRoom(size: number): void {
    this.reservedBytes -= size;
    for (const wake of this.roomWaiters.splice(0)) wake();
  }

  /** Keeps `keep` (just written) and every pinned group; makes room for downloads under way (and `incoming`) too. */
  private evict(keep: readonly string[], incoming = 0): Promise<void> {
    const run = this.evicting.then(async () => {
      const now = this.now();
      const kept = new Set(keep);
      for (const [group, until] of this.pins) {
        if (until > now) kept.add(group);
        else this.pins.delete(group);
      }
      const target = Math.max(0, this.limitBytes * evictionTarget - this.reservedBytes - incoming);
      for (const group of this.lru.victims(target, kept)) await this.drop(group);
    });
    this.evicting = run.catch(() => undefined);
    return run;
  }

  private pin(file: string): void {
    const group = this.groupOf(file);
    // Local originals are used in place and never in the index: nothing to protect.
    if (this.lru.has(group)) this.pins.set(group, this.now() + pinMs);
  }

  private async drop(group: string): Promise<void> {
    for (const file of this.lru.remove(group)) await rm(file, { force: true });
    this.lastPersistedTouch.delete(group);
    this.pins.delete(group);
    for (const [key, path] of this.readyOriginals) {
      if (path === group) this.readyOriginals.delete(key);
    }
    // Originals live in a folder of their own; leave no empty folders behind.
    if (relative(join(this.dir, 'originals'), group).split(sep).length === 3) await rmdir(dirname(group)).catch(() => undefined);
  }

  /**
   * Builds the index from what is on disk, once, before the first read or write. Partial
   * files are leftovers of a crash (nothing is being written yet): delete them.
   */
  private scan(): Promise<void> {
    this.scanned ??= (async () => {
      for (const kind of ['thumbs', 'previews', 'originals']) {
        const root = join(this.dir, kind);
        const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
          if (!entry.isFile()) continue;
          const path = join(entry.parentPath, entry.name);
          if (isPartial(entry.name)) {
            await rm(path, { force: true });
            continue;
          }
          const info = await stat(path).catch(() => undefined);
          if (info) this.lru.add(this.groupOf(path), path, info.size, info.mtimeMs);
        }
      }
    })();
    return this.scanned;
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
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a file name
    .replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'image';
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}

/** The pixel size of an image file from its header; empty when it cannot be read. */
export async function imageDimensions(path: string): Promise<{ width?: number; height?: number }> {
  try {
    const sharp = await loadSharp();
    const { width, height, orientation } = await sharp(path).metadata();
    // EXIF orientations 5–8 are rotated a quarter turn: what people see is the other way round.
    return orientation && orientation >= 5 ? { width: height, height: width } : { width, height };
  } catch {
    return {};
  }
}
