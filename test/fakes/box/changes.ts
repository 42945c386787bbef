import { randomUUID } from 'node:crypto';
import { eventSource } from './paths';
import type { FakeBoxState, FakeFile, FakeFolder } from './state';

/**
 * Changes made "in Box" by people other than the app, and the user event stream they
 * produce (GET /2.0/events, stream_type=changes). Each event keeps the item as every user
 * who could see it saw it at that moment, so a later request gets what Box would have
 * recorded. Box delivers events at least once: `duplicateNext(n)` makes the next n events
 * arrive twice (same event_id, later stream position), as real Box sometimes does.
 *
 * Box does not document its answer to a stream position older than it keeps; this fake
 * answers such a position with 400 `invalid_stream_position` after `expire()` (see README).
 */

export type BoxEventType =
  'ITEM_UPLOAD' | 'ITEM_RENAME' | 'ITEM_MOVE' | 'ITEM_TRASH' | 'ITEM_UNDELETE_VIA_TRASH' | 'ITEM_COPY' | 'COLLAB_ADD_COLLABORATOR';

export interface FakeEvent {
  position: number;
  eventId: string;
  type: BoxEventType;
  createdAt: string;
  createdBy: string;
  /** The event's `source` per user who may see it. */
  views: Map<string, Record<string, unknown>>;
}

type Kind = 'file' | 'folder';
interface TrashedTree {
  root: { kind: Kind; id: string };
  folders: FakeFolder[];
  files: FakeFile[];
}

/** Large like Box's positions, small enough to stay exact in a JS number. */
const firstPosition = 1_152_922_976_000;

export class ChangeLog {
  readonly events: FakeEvent[] = [];
  /** Stream positions below this one are too old: GET /events answers a reset. */
  oldestPosition = firstPosition;
  /** Seconds the real-time server keeps a long poll open before answering `reconnect`. */
  retryTimeout = 610;
  private head = firstPosition;
  private duplicates = 0;
  private readonly trashed = new Map<string, TrashedTree>();
  /** Real-time channels handed out by OPTIONS /events, by channel ID → user ID. */
  readonly channels = new Map<string, string>();

  constructor(private readonly state: FakeBoxState) {}

  get position(): number {
    return this.head;
  }

  /** The next `count` events are delivered twice. */
  duplicateNext(count = 1): void {
    this.duplicates += count;
  }

  /** Forgets every event so far: a stream position from before now is answered with a reset. */
  expire(): void {
    this.oldestPosition = this.head + 1;
  }

  upload(input: Parameters<FakeBoxState['addFile']>[0] & { by?: string }): FakeFile {
    const file = this.state.addFile(input);
    this.record('ITEM_UPLOAD', 'file', file, input.by ?? input.ownerId);
    return file;
  }

  createFolder(input: Parameters<FakeBoxState['addFolder']>[0]): FakeFolder {
    const folder = this.state.addFolder(input);
    this.record('ITEM_UPLOAD', 'folder', folder, input.ownerId);
    return folder;
  }

  rename(id: string, name: string): void {
    const { kind, item } = this.find(id);
    item.name = name;
    item.sequence++;
    this.record('ITEM_RENAME', kind, item, item.ownerId);
  }

  move(id: string, parentId: string): void {
    const { kind, item } = this.find(id);
    item.parentId = parentId;
    item.sequence++;
    this.state.structureChanged();
    this.record('ITEM_MOVE', kind, item, item.ownerId);
  }

  /** Moves the item (and a folder's whole subtree) to the trash: it disappears from listings. */
  trash(id: string): void {
    const { kind, item } = this.find(id);
    item.sequence++;
    // Recorded first: who may see the event is decided while the item is still in place.
    this.record('ITEM_TRASH', kind, item, item.ownerId, 'trashed');
    const tree: TrashedTree = { root: { kind, id }, folders: [], files: [] };
    const take = (folderId: string) => {
      const { folders, files } = this.state.childrenOf(folderId);
      for (const file of files) tree.files.push(file);
      for (const folder of folders) {
        tree.folders.push(folder);
        take(folder.id);
      }
    };
    if (kind === 'folder') {
      tree.folders.push(item as FakeFolder);
      take(id);
    } else {
      tree.files.push(item as FakeFile);
    }
    for (const folder of tree.folders) this.state.folders.delete(folder.id);
    for (const file of tree.files) this.state.files.delete(file.id);
    this.state.structureChanged();
    this.trashed.set(id, tree);
  }

  restore(id: string): void {
    const tree = this.trashed.get(id);
    if (!tree) throw new Error(`${id} is not in the trash`);
    this.trashed.delete(id);
    for (const folder of tree.folders) this.state.folders.set(folder.id, folder);
    for (const file of tree.files) this.state.files.set(file.id, file);
    this.state.structureChanged();
    const { kind, item } = this.find(id);
    item.sequence++;
    this.record('ITEM_UNDELETE_VIA_TRASH', kind, item, item.ownerId);
  }

  /** Invites `userId` to the item: they see it from now on, and the event tells them. */
  collaborate(id: string, userId: string): void {
    const { kind, item } = this.find(id);
    item.sharedWith.add(userId);
    this.record('COLLAB_ADD_COLLABORATOR', kind, item, item.ownerId);
  }

  /** Events after `position` that `userId` may see, oldest first. */
  after(position: number, userId: string, limit: number): FakeEvent[] {
    const out: FakeEvent[] = [];
    for (const event of this.events) {
      if (event.position > position && event.views.has(userId)) {
        out.push(event);
        if (out.length >= limit) break;
      }
    }
    return out;
  }

  private find(id: string): { kind: Kind; item: FakeFile | FakeFolder } {
    const file = this.state.files.get(id);
    if (file) return { kind: 'file', item: file };
    const folder = this.state.folders.get(id);
    if (folder) return { kind: 'folder', item: folder };
    throw new Error(`No item ${id}`);
  }

  private record(type: BoxEventType, kind: Kind, item: FakeFile | FakeFolder, by: string, status: 'active' | 'trashed' = 'active'): void {
    const views = new Map<string, Record<string, unknown>>();
    for (const user of this.state.users.values()) {
      if (this.state.canSee(user.id, item)) views.set(user.id, eventSource(this.state, kind, item, user.id, status));
    }
    const base = { eventId: randomUUID(), type, createdAt: new Date(this.state.now()).toISOString(), createdBy: by, views };
    const copies = this.duplicates > 0 ? 2 : 1;
    if (this.duplicates > 0) this.duplicates--;
    for (let i = 0; i < copies; i++) {
      const event: FakeEvent = { ...base, position: ++this.head };
      this.events.push(event);
      this.state.events.emit('box-event', event);
    }
  }
}
