import type { FolderEntry } from '../../../preload/contract';
import { useDeliveryDrop, useDropTarget } from '../delivery/delivery-drop';

interface Props {
  connectionId: string;
  connectionName: string;
  trail: readonly FolderEntry[];
  canBack: boolean;
  canForward: boolean;
  onBack(): void;
  onForward(): void;
  /** 0 is the connection's top level. */
  onCrumb(depth: number): void;
  onClose(): void;
}

/**
 * Back, forward and the breadcrumbs of the folder being browsed; Alt+← / Alt+→ work anywhere
 * in the panel. In a connection that takes deliveries, the folder's own crumb is a drop
 * target and "Upload files here…" uploads into it (the top level is not a folder files go to).
 */
export function BrowseBar({ connectionId, connectionName, trail, canBack, canForward, onBack, onForward, onCrumb, onClose }: Props) {
  const crumbs = [connectionName, ...trail.map((f) => f.name)];
  const delivery = useDeliveryDrop();
  const current = trail.at(-1);
  const here = current && delivery.delivers(connectionId) ? { connectionId, folderId: current.id, folderName: current.name } : undefined;
  const { dropClass, handlers } = useDropTarget(here);
  return (
    <div className="browse-bar">
      <button type="button" className="button-small" onClick={onBack} disabled={!canBack} aria-label="Back" title="Back (Alt+←)">
        ←
      </button>
      <button
        type="button"
        className="button-small"
        onClick={onForward}
        disabled={!canForward}
        aria-label="Forward"
        title="Forward (Alt+→)"
      >
        →
      </button>
      <nav aria-label="Folder path">
        <ol>
          {crumbs.map((name, depth) => (
            <li key={`${depth}-${name}`}>
              {depth === crumbs.length - 1 ? (
                <span aria-current="page" className={dropClass.trim() || undefined} {...handlers}>
                  {name}
                </span>
              ) : (
                <button type="button" className="button-small button-quiet" onClick={() => onCrumb(depth)}>
                  {name}
                </button>
              )}
            </li>
          ))}
        </ol>
      </nav>
      {here && (
        <button type="button" className="button-small" onClick={() => delivery.pickAndUpload(here)}>
          Upload files here…
        </button>
      )}
      <button type="button" className="button-small button-quiet" onClick={onClose}>
        Back to search
      </button>
    </div>
  );
}
