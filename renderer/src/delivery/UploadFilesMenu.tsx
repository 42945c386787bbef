import type { ConnectionSummary } from '../../../preload/contract';
import { useDeliveryDrop } from './delivery-drop';

/**
 * "Upload files…" beside the chips: the keyboard's way to what a drop on a chip does. It
 * opens the system's file dialog and uploads the chosen files into the connection's
 * delivery folder. Shown only when some connection takes deliveries.
 */
export function UploadFilesMenu({ connections }: { connections: readonly ConnectionSummary[] }) {
  const delivery = useDeliveryDrop();
  const targets = connections.filter((c) => delivery.delivers(c.id));
  if (targets.length === 0) return null;
  return (
    <select
      className="chip-add browse-select"
      aria-label="Upload files to a connection"
      value=""
      onChange={(event) => {
        if (event.target.value) delivery.pickAndUpload({ connectionId: event.target.value });
      }}
    >
      <option value="">Upload files…</option>
      {targets.map((c) => {
        const folder = delivery.deliveryFolder(c.id);
        return (
          <option key={c.id} value={c.id} disabled={folder !== undefined && 'problem' in folder}>
            {folder && 'target' in folder
              ? `${c.name} › ${folder.target.folderName}`
              : folder
                ? `${c.name} (no delivery folder yet)`
                : c.name}
          </option>
        );
      })}
    </select>
  );
}
