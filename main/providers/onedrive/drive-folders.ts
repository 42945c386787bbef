import type { FolderEntry } from '../../../preload/contract';
import type { GraphClient } from './graph-client';

interface ChildrenPage {
  value: Array<{ id: string; name: string; folder?: object }>;
  '@odata.nextLink'?: string;
}

/** A drive folder with thousands of subfolders is not browsed, it is searched: stop here. */
const maxPages = 10;

/** The folders directly inside `parentId` (the drive root when undefined), following nextLink. */
export async function listDriveFolders(graph: GraphClient, parentId: string | undefined, signal: AbortSignal): Promise<FolderEntry[]> {
  const base = parentId ? `/me/drive/items/${encodeURIComponent(parentId)}/children` : '/me/drive/root/children';
  let next: string | undefined = `${base}?$select=id,name,folder&$top=200`;
  const folders: FolderEntry[] = [];
  for (let page = 0; next && page < maxPages; page++) {
    const body: ChildrenPage = await graph.json<ChildrenPage>(next, 'folder', signal);
    for (const item of body.value) if (item.folder) folders.push({ id: item.id, name: item.name });
    next = body['@odata.nextLink'];
  }
  return folders;
}
