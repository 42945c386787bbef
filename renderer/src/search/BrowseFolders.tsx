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
        {/* Drawn, not an emoji: systems without a colour emoji font showed an empty box. */}
        <svg className="folder-icon" viewBox="0 0 20 16" aria-hidden="true">
          <path d="M1.5 3.5a1.5 1.5 0 0 1 1.5-1.5h4.2l1.8 2h8a1.5 1.5 0 0 1 1.5 1.5v7.5a1.5 1.5 0 0 1-1.5 1.5H3a1.5 1.5 0 0 1-1.5-1.5z" />
        </svg>
        {folder.name}
      </button>
    </li>
  );
}
