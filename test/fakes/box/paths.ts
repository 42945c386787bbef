import type { FakeBoxState, FakeFile, FakeFolder, FakeUser } from './state';

/** JSON pieces every item answer shares: mini folders and users, and the path as a viewer sees it. */

export function folderMini(folder: FakeFolder | undefined, id: string): Record<string, unknown> {
  if (id === '0' || !folder) return { type: 'folder', id, sequence_id: null, etag: null, name: folder?.name ?? 'All Files' };
  const sequence = String(folder.sequence);
  return { type: 'folder', id, sequence_id: sequence, etag: sequence, name: folder.name };
}

export function userMiniJson(user: FakeUser | undefined): Record<string, unknown> | null {
  return user ? { type: 'user', id: user.id, name: user.name, login: user.login } : null;
}

/** "All Files", then the highest folder the viewer can open, down to `parentId`. */
export function pathCollection(state: FakeBoxState, parentId: string, viewerId: string): Record<string, unknown> {
  const chain: FakeFolder[] = [];
  for (let folder = state.folders.get(parentId); folder && state.canSee(viewerId, folder); folder = state.folders.get(folder.parentId)) {
    chain.unshift(folder);
  }
  const entries = [folderMini(undefined, '0'), ...chain.map((folder) => folderMini(folder, folder.id))];
  return { total_count: entries.length, entries };
}

/** The parent as the viewer sees it: a folder they cannot open shows as their root. */
export function parentMini(state: FakeBoxState, parentId: string, viewerId: string): Record<string, unknown> {
  const parent = state.folders.get(parentId);
  return parent && state.canSee(viewerId, parent) ? folderMini(parent, parent.id) : folderMini(undefined, '0');
}

/** An event's `source`: the item as it is right now, seen by `viewerId`. */
export function eventSource(
  state: FakeBoxState,
  kind: 'file' | 'folder',
  item: FakeFile | FakeFolder,
  viewerId: string,
  status: 'active' | 'trashed',
): Record<string, unknown> {
  const sequence = String(item.sequence);
  const base: Record<string, unknown> = {
    type: kind,
    id: item.id,
    sequence_id: sequence,
    etag: sequence,
    name: item.name,
    parent: parentMini(state, item.parentId, viewerId),
    path_collection: pathCollection(state, item.parentId, viewerId),
    item_status: status,
    owned_by: userMiniJson(state.users.get(item.ownerId)),
  };
  if (kind === 'file') {
    const file = item as FakeFile;
    Object.assign(base, {
      size: file.bytes.byteLength,
      modified_at: file.modifiedAt,
      file_version: { type: 'file_version', id: file.versionId },
    });
  }
  return base;
}
