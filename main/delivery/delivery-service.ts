import type { DeliveryStartResult, DeliveryTarget } from '../../preload/delivery-contract';
import type { ConnectionRegistry } from '../connections/registry';
import type { EventHub } from '../ipc/event-hub';
import type { HandlerTable } from '../ipc/handler-table';
import type { ProviderPage } from '../providers/provider';
import { localRootFolderId } from '../providers/local/local-upload';
import { AppError } from '../shared/app-error';
import type { Logger } from '../shared/logger';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryStore } from './delivery-store';
import { confirmOver, expandDrop } from './dropped-paths';
import { RecentUploads } from './recent-uploads';
import type { Uploader } from './uploader';

export interface DeliveryServiceDeps {
  dataDir: string;
  registry: ConnectionRegistry;
  events: EventHub;
  log: Logger;
  /** False when the IT policy forbids delivery. */
  allowed(): boolean;
  concurrency?: number;
}

type DeliveryChannel = Extract<keyof HandlerTable, `delivery.${string}`>;

/**
 * Delivery as the rest of main sees it: which connections may take files back (turned on
 * by an admin, not forbidden by the IT policy), where a drop goes, the queue, and the
 * files just delivered standing in for search until the service indexes them.
 */
export class DeliveryService {
  readonly queue: DeliveryQueue;
  readonly recent = new RecentUploads();

  constructor(private readonly deps: DeliveryServiceDeps) {
    this.queue = new DeliveryQueue({
      store: new DeliveryStore(deps.dataDir, deps.log),
      uploaderFor: (id) => this.uploaderFor(id),
      emit: (update) => deps.events.emit('delivery.progress', update),
      onUploaded: (job, item) => {
        this.recent.remember(job.connectionId, item.hit);
        deps.events.emit('index.changed', { connectionId: job.connectionId });
      },
      ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
    });
  }

  /** Picks up the uploads a previous run left unfinished. */
  start(): void {
    this.queue.restore();
  }

  uploaderFor(connectionId: string): Uploader {
    if (!this.deps.allowed()) {
      throw new AppError({
        code: 'delivery_forbidden',
        message: 'Your organisation does not allow uploading files from Skyhook.',
        fix: 'Ask your IT team about the Skyhook policy.',
      });
    }
    const record = this.deps.registry.record(connectionId);
    if (!record.enabled) throw new AppError({ code: 'connection_disabled', message: `${record.name} is turned off.` });
    const uploader = this.deps.registry.provider(connectionId).uploader?.();
    if (record.config.delivery !== true || !uploader) {
      throw new AppError({
        code: 'delivery_off',
        message: `Uploading to ${record.name} is not turned on.`,
        fix: 'An admin can turn it on in the connection’s settings (step “Deliver files back”).',
        step: 'deliver',
      });
    }
    return uploader;
  }

  folderOf(connectionId: string, folderId: string | undefined): string {
    const record = this.deps.registry.record(connectionId);
    const saved =
      typeof record.config.deliveryFolderId === 'string' && record.config.deliveryFolderId ? record.config.deliveryFolderId : undefined;
    const folder = folderId ?? saved ?? (record.kind === 'local' ? localRootFolderId : undefined);
    if (!folder) {
      throw new AppError({
        code: 'no_delivery_folder',
        message: `${record.name} has no delivery folder yet.`,
        fix: 'An admin picks a delivery folder in the connection’s settings (step “Deliver files back”).',
        step: 'deliver',
      });
    }
    return folder;
  }

  async target(connectionId: string, folderId: string | undefined, signal: AbortSignal): Promise<DeliveryTarget> {
    const uploader = this.uploaderFor(connectionId);
    const folder = this.folderOf(connectionId, folderId);
    return {
      connectionId,
      connectionName: this.deps.registry.record(connectionId).name,
      folderId: folder,
      folderName: await uploader.folderName(folder, signal),
    };
  }

  async begin(
    input: { connectionId: string; folderId?: string; paths: string[]; confirmed?: boolean },
    signal: AbortSignal,
  ): Promise<DeliveryStartResult> {
    const target = await this.target(input.connectionId, input.folderId, signal);
    const dropped = await expandDrop(input.paths, { protectedDirs: [this.deps.dataDir] });
    if (dropped.fromFolders > confirmOver && !input.confirmed) {
      return { queued: [], refused: dropped.refused, needsConfirmation: { files: dropped.files.length, folders: dropped.folders } };
    }
    const queued =
      dropped.files.length > 0
        ? this.queue.add({
            connectionId: target.connectionId,
            folderId: target.folderId,
            folderName: target.folderName,
            files: dropped.files,
          })
        : [];
    return { queued, refused: dropped.refused };
  }

  /** The first page of a search with the files just delivered in front (until the service lists them). */
  withRecent(connectionId: string, text: string, cursor: string | undefined, page: ProviderPage): ProviderPage {
    return this.recent.merge(connectionId, text, cursor, page);
  }

  handlers(): Pick<HandlerTable, DeliveryChannel> {
    return {
      'delivery.start': (input, signal) => this.begin(input, signal),
      'delivery.list': async () => this.queue.list(),
      'delivery.target': ({ connectionId, folderId }, signal) => this.target(connectionId, folderId, signal),
      'delivery.pause': async ({ ids, paused }) => {
        this.queue.pause(ids, paused);
        return null;
      },
      'delivery.cancel': async ({ ids }) => {
        this.queue.cancel(ids);
        return null;
      },
      'delivery.retry': async ({ id }) => {
        this.queue.retry(id);
        return null;
      },
      'delivery.resolveConflict': async ({ id, choice, applyToRest }) => {
        this.queue.resolveConflict(id, choice, applyToRest);
        return null;
      },
      'delivery.clear': async () => {
        this.queue.clear();
        return null;
      },
    };
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
