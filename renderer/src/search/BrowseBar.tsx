import type { FolderEntry } from '../../../preload/contract';

interface Props {
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

/** Back, forward and the breadcrumbs of the folder being browsed; Alt+← / Alt+→ work anywhere in the panel. */
export function BrowseBar({ connectionName, trail, canBack, canForward, onBack, onForward, onCrumb, onClose }: Props) {
  const crumbs = [connectionName, ...trail.map((f) => f.name)];
  return (
    <div className="browse-bar">
      <button type="button" className="button-small" onClick={onBack} disabled={!canBack} aria-label="Back" title="Back (Alt+←)">
        ←
      </button>
      <button type="button" className="button-small" onClick={onForward} disabled={!canForward} aria-label="Forward" title="Forward (Alt+→)">
        →
      </button>
      <nav aria-label="Folder path">
        <ol>
          {crumbs.map((name, depth) => (
            <li key={`${depth}-${name}`}>
              {depth === crumbs.length - 1 ? (
                <span aria-current="page">{name}</span>
              ) : (
                <button type="button" className="button-small button-quiet" onClick={() => onCrumb(depth)}>
                  {name}
                </button>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <button type="button" className="button-small button-quiet" onClick={onClose}>
        Back to search
      </button>
    </div>
  );
}
