import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ConnectionSummary, DeliveryStartResult, DeliveryTarget } from '../../../preload/contract';
import { call, errorShape } from '../api/client';
import { DeliveryPanel } from './DeliveryPanel';
import { useDeliveryQueue } from './use-delivery-queue';
import './delivery.css';

interface Props {
  connections: ConnectionSummary[];
  /** False when the IT policy forbids delivery. */
  allowed: boolean;
}

const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') === true;

/**
 * Drop to upload (issue #16): while files from Finder/Explorer are dragged over the window,
 * an overlay offers each connection that takes deliveries, naming its delivery folder;
 * dropping on one queues the files there. The queue panel follows progress by events.
 */
export function DeliveryLayer({ connections, allowed }: Props) {
  const { jobs, totals } = useDeliveryQueue();
  const [dragging, setDragging] = useState(false);
  const [targets, setTargets] = useState<Record<string, DeliveryTarget | string>>({});
  const [notice, setNotice] = useState<ReactNode>();
  const depth = useRef(0);
  const open = connections.filter((c) => c.enabled && c.config.delivery === true);
  const enabled = allowed && open.length > 0;

  // Each target's folder name, asked once per drag (it may have been renamed meanwhile).
  const loadTargets = useCallback(() => {
    for (const c of open) {
      call('delivery.target', { connectionId: c.id })
        .then((target) => setTargets((t) => ({ ...t, [c.id]: target })))
        .catch((error: unknown) => setTargets((t) => ({ ...t, [c.id]: errorShape(error).message })));
    }
  }, [open]);

  useEffect(() => {
    if (!enabled) return;
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      if (depth.current++ === 0) {
        setDragging(true);
        loadTargets();
      }
    };
    const onLeave = (e: DragEvent) => {
      if (hasFiles(e) && --depth.current <= 0) {
        depth.current = 0;
        setDragging(false);
      }
    };
    const onDrop = () => {
      depth.current = 0;
      setDragging(false);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [enabled, loadTargets]);

  const start = async (connectionId: string, paths: string[], confirmed: boolean) => {
    try {
      const result = await call('delivery.start', { connectionId, paths, ...(confirmed ? { confirmed } : {}) });
      setNotice(describe(result, () => void start(connectionId, paths, true), () => setNotice(undefined)));
    } catch (error) {
      setNotice(<p className="delivery-notice error">{errorShape(error).message}</p>);
    }
  };

  const onZoneDrop = (connectionId: string) => (e: React.DragEvent) => {
    e.preventDefault();
    const paths = Array.from(e.dataTransfer.files)
      .map((file) => window.skyhook.pathForFile(file))
      .filter((path) => path !== '');
    if (paths.length === 0) {
      setNotice(<p className="delivery-notice error">This window cannot see where dropped files live. Drop them on the Skyhook app instead.</p>);
      return;
    }
    void start(connectionId, paths, false);
  };

  return (
    <>
      {dragging && enabled && (
        <div className="drop-overlay" role="dialog" aria-label="Drop to upload">
          {open.map((c) => {
            const target = targets[c.id];
            return (
              <div
                key={c.id}
                className="drop-zone"
                role="region"
                aria-label={`Upload to ${c.name}`}
                onDragOver={(e) => e.preventDefault()}
                onDrop={onZoneDrop(c.id)}
              >
                <strong>Drop to upload to {c.name}</strong>
                <span>{typeof target === 'string' ? target : target ? `into “${target.folderName}”` : 'Finding the delivery folder…'}</span>
              </div>
            );
          })}
        </div>
      )}
      <DeliveryPanel jobs={jobs} totals={totals} connections={connections} notice={notice} />
    </>
  );
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
