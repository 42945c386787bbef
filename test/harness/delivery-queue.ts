import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryQueue, type QueueUpdate } from '../../main/delivery/delivery-queue';
import { DeliveryStore } from '../../main/delivery/delivery-store';
import type { UploadedItem, Uploader } from '../../main/delivery/uploader';
import { silentLogger } from '../../main/shared/logger';
import type { DeliveryJob } from '../../preload/delivery-contract';

/**
 * A real delivery queue over a real uploader and a data folder on disk, with the waits
 * between retries made instant. `reopen()` builds a second queue over the same data
 * folder, as an app restart does.
 */
export class QueueWorld {
  readonly dir = mkdtempSync(join(tmpdir(), 'skyhook-delivery-'));
  readonly updates: QueueUpdate[] = [];
  readonly uploaded: Array<{ job: DeliveryJob; item: UploadedItem }> = [];
  queue: DeliveryQueue;

  constructor(
    private readonly uploader: Uploader,
    private readonly options: { maxAttempts?: number; sleep?: (ms: number, signal: AbortSignal) => Promise<void> } = {},
  ) {
    this.queue = this.build();
  }

  private build(): DeliveryQueue {
    return new DeliveryQueue({
      store: new DeliveryStore(join(this.dir, 'data'), silentLogger),
      uploaderFor: () => this.uploader,
      emit: (update) => this.updates.push(update),
      onUploaded: (job, item) => this.uploaded.push({ job, item }),
      sleep: this.options.sleep ?? (async () => undefined),
      ...(this.options.maxAttempts ? { maxAttempts: this.options.maxAttempts } : {}),
    });
  }

  /** A file on disk with these bytes (random ones of `size` when a number is given). */
  file(name: string, content: Buffer | number): { path: string; name: string; size: number; bytes: Buffer } {
    const bytes = typeof content === 'number' ? randomBytes(content) : content;
    const path = join(this.dir, name);
    writeFileSync(path, bytes);
    return { path, name, size: bytes.length, bytes };
  }

  add(folderId: string, ...files: Array<{ path: string; name: string; size: number }>): DeliveryJob[] {
    return this.queue.add({ connectionId: '00000000-0000-4000-8000-000000000001', folderId, folderName: 'Deliveries', files });
  }

  job(id: string): DeliveryJob {
    const found = this.queue.list().jobs.find((j) => j.id === id);
    if (!found) throw new Error(`no job ${id}`);
    return found;
  }

  /** The app restarts: the old queue stops, a new one takes up what was saved. */
  async reopen(): Promise<void> {
    await this.queue.close();
    this.queue = this.build();
    this.queue.restore();
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
