import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ConnectionSummary, DeliveryStartResult } from '../../../preload/contract';
import { call, errorShape } from '../api/client';
import {
  DeliveryDropContext,
  folderWords,
  sameSpot,
  spotFolderName,
  useDropTarget,
  type DeliveryDrop,
  type DeliveryFolder,
  type DropSpot,
} from './delivery-drop';
import { DeliveryPanel } from './DeliveryPanel';
import { useDeliveryQueue } from './use-delivery-queue';
import './delivery.css';

interface Props {
  connections: ConnectionSummary[];
  /** False when the IT policy forbids delivery. */
  allowed: boolean;
  /** The app's pages: their chips and folders are drop targets through the context. */
  children?: ReactNode;
}

const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') === true;

/**
 * Drop to upload (issue #16): while files from Finder/Explorer are dragged over the window,
 * each connection that takes deliveries lights up — its chip and the overlay's zone for its
 * delivery folder, and, while browsing it, each folder — and the overlay names the folder
 * under the pointer. A drop (or "Upload files…") queues the files there; the queue panel
 * follows progress by events.
 */
export function DeliveryLayer({ connections, allowed, children }: Props) {
  const { jobs, totals } = useDeliveryQueue();
  const [dragging, setDragging] = useState(false);
  const [over, setOver] = useState<DropSpot | undefined>();
  const [folders, setFolders] = useState<Record<string, DeliveryFolder>>({});
  const [notice, setNotice] = useState<ReactNode>();
  const depth = useRef(0);
  const open = useMemo(() => (allowed ? connections.filter((c) => c.enabled && c.config.delivery === true) : []), [connections, allowed]);
  const enabled = open.length > 0;

  // Each delivery folder's name (or what is missing), asked again per drag: it may have been renamed meanwhile.
  const loadFolders = useCallback(() => {
    for (const c of open) {
      call('delivery.target', { connectionId: c.id })
        .then((target) => setFolders((f) => ({ ...f, [c.id]: { target } })))
        .catch((error: unknown) => setFolders((f) => ({ ...f, [c.id]: { problem: errorShape(error) } })));
    }
  }, [open]);
  useEffect(loadFolders, [loadFolders]);
  const loadFoldersOnEnter = useEffectEvent(loadFolders);

  // Listening from the first commit, not once the connections are in: files dragged in while
  // the list is on its way are already being dragged when it arrives (dragenter comes once).
  useEffect(() => {
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      if (depth.current++ === 0) {
        setDragging(true);
        loadFoldersOnEnter();
      }
    };
    const onLeave = (e: DragEvent) => {
      if (hasFiles(e) && --depth.current <= 0) {
        depth.current = 0;
        setDragging(false);
        setOver(undefined);
      }
    };
    const onDrop = () => {
      depth.current = 0;
      setDragging(false);
      setOver(undefined);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  const start = useCallback((spot: DropSpot, paths: string[]) => void startDelivery(spot, paths, false, setNotice), []);

  const drop = useMemo<DeliveryDrop>(
    () => ({
      dragging: dragging && enabled,
      delivers: (id) => open.some((c) => c.id === id),
      deliveryFolder: (id) => folders[id],
      over,
      enter: setOver,
      leave: (spot) => setOver((current) => (sameSpot(current, spot) ? undefined : current)),
      drop: (spot, files) => {
        const paths = files.map((file) => window.skyhook.pathForFile(file)).filter((path) => path !== '');
        if (paths.length === 0) {
          setNotice(
            <p className="delivery-notice error">This window cannot see where dropped files live. Drop them on the Skyhook app instead.</p>,
          );
          return;
        }
        start(spot, paths);
      },
      pickAndUpload: (spot) => {
        void call('dialog.pickFiles', {}).then(
          (paths) => paths && start(spot, paths),
          (error: unknown) => setNotice(<p className="delivery-notice error">{errorShape(error).message}</p>),
        );
      },
    }),
    [dragging, enabled, open, folders, over, start],
  );

  return (
    <DeliveryDropContext.Provider value={drop}>
      {children}
      {drop.dragging && (
        <div className="drop-overlay" role="dialog" aria-label="Drop to upload">
          <p className="drop-overlay-title" role="status">
            {over
              ? `Drop to upload into “${spotFolderName(over, drop) ?? '…'}” (${nameOf(open, over.connectionId)})`
              : 'Drop on a connection or a folder to upload'}
          </p>
          <div className="drop-zones">
            {open.map((c) => (
              <DropZone key={c.id} connection={c} folder={folders[c.id]} />
            ))}
          </div>
        </div>
      )}
      <DeliveryPanel jobs={jobs} totals={totals} connections={connections} notice={notice} />
    </DeliveryDropContext.Provider>
  );
}

const nameOf = (connections: ConnectionSummary[], id: string) => connections.find((c) => c.id === id)?.name ?? '';

function DropZone({ connection, folder }: { connection: ConnectionSummary; folder: DeliveryFolder }) {
  const { dropClass, handlers } = useDropTarget({ connectionId: connection.id });
  return (
    <div className={`drop-zone${dropClass}`} role="region" aria-label={`Upload to ${connection.name}`} {...handlers}>
      <strong>Drop to upload to {connection.name}</strong>
      <span>{folderWords(folder)}</span>
    </div>
  );
}

/** Queues the files; what main says about them (refused files, a large folder to confirm, an error) becomes the notice. */
async function startDelivery(spot: DropSpot, paths: string[], confirmed: boolean, setNotice: (notice: ReactNode) => void): Promise<void> {
  try {
    const input = {
      connectionId: spot.connectionId,
      paths,
      ...(spot.folderId ? { folderId: spot.folderId } : {}),
      ...(confirmed ? { confirmed } : {}),
    };
    const result = await call('delivery.start', input);
    setNotice(
      describe(
        result,
        () => void startDelivery(spot, paths, true, setNotice),
        () => setNotice(undefined),
      ),
    );
  } catch (error) {
    const shape = errorShape(error);
    setNotice(
      <div className="delivery-notice error" role="alert">
        <p>{shape.message}</p>
        {shape.fix && <p>{shape.fix}</p>}
      </div>,
    );
  }
}

function describe(result: DeliveryStartResult, confirm: () => void, dismiss: () => void): ReactNode {
  if (result.needsConfirmation) {
    const { files, folders } = result.needsConfirmation;
    return (
      <div className="delivery-notice" role="alertdialog" aria-label="Upload a whole folder?">
        <p>
          {folders.join(', ')} hold{folders.length === 1 ? 's' : ''} {files} files. Upload them all?
        </p>
        <button onClick={confirm}>Upload {files} files</button> <button onClick={dismiss}>Cancel</button>
      </div>
    );
  }
  if (result.refused.length === 0) return undefined;
  return (
    <ul className="delivery-notice">
      {result.refused.map((r) => (
        <li key={r.name}>{r.message}</li>
      ))}
    </ul>
  );
}
