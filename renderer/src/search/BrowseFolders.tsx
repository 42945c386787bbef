import type { FolderEntry } from '../../../preload/contract';
import { useDeliveryDrop, useDropTarget } from '../delivery/delivery-drop';

interface Props {
  connectionId: string;
  folders: readonly FolderEntry[];
  onOpen(folder: FolderEntry): void;
}

/** The subfolders of the folder being browsed: click to open one, drop files on one to upload there. */
export function BrowseFolders({ connectionId, folders, onOpen }: Props) {
  const delivers = useDeliveryDrop().delivers(connectionId);
  return (
    <ul className="browse-folders" aria-label="Folders">
      {folders.map((folder) => (
        <BrowseFolder key={folder.id} folder={folder} onOpen={onOpen} {...(delivers ? { connectionId } : {})} />
      ))}
    </ul>
  );
}

function BrowseFolder({ folder, connectionId, onOpen }: { folder: FolderEntry; connectionId?: string; onOpen(folder: FolderEntry): void }) {
  const { dropClass, handlers } = useDropTarget(connectionId ? { connectionId, folderId: folder.id, folderName: folder.name } : undefined);
  return (
    <li>
      <button type="button" className={`button-small${dropClass}`} onClick={() => onOpen(folder)} {...handlers}>
        <span aria-hidden="true">📁 </span>
        {folder.name}
      </button>
    </li>
  );
}
