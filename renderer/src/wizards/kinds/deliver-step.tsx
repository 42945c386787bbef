import { useEffect, useState, type ReactNode } from 'react';
import type { AppInfo, ConnectionSummary } from '../../../../preload/contract';
import { call } from '../../api/client';
import { Field } from '../../components/Field';
import { FolderPicker } from '../FolderPicker';
import type { WizardStep } from '../types';

/**
 * The optional "Deliver files back" step (issue #16): the write permission each service
 * needs, in its console's words, and the two settings that turn delivery on. Delivery is
 * off until an admin ticks it here; Test connection then checks the permission for real.
 */

export interface DeliverySettings {
  delivery?: boolean;
  deliveryFolderId?: string;
}

const optionalNote = (
  <p>
    <b>Optional.</b> Only if designers should upload finished files back with Skyhook (drop files on the search panel). Skip this step to
    keep the connection read-only.
  </p>
);

/** The step around its console instructions (an ordered list's items). */
const deliverStep = (items: ReactNode): WizardStep<'deliver'> => ({
  id: 'deliver',
  title: 'Deliver files back (optional)',
  body: (
    <>
      {optionalNote}
      <ol>{items}</ol>
    </>
  ),
});

export function boxDeliverStep(server: boolean): WizardStep<'deliver'> {
  return deliverStep(
    <>
      <li>
        In the Developer Console open the app's <b>Configuration</b> tab and, under <b>Application Scopes</b>, also turn on{' '}
        <b>Write all files and folders stored in Box</b>. Select <b>Save Changes</b>.
      </li>
      {server ? (
        <>
          <li>
            On the <b>Authorization</b> tab select <b>Review and Submit</b> again: a changed scope applies only after your Box admin
            re-authorizes the app in the <b>Admin Console</b> (<b>Apps › Custom Apps Manager</b>, the app's menu › <b>Reauthorize App</b>).
          </li>
          <li>
            Invite the service account to the delivery folder as <b>Editor</b> (or <b>Uploader</b>).
          </li>
        </>
      ) : (
        <li>Each designer signs in again so Box grants the new scope; they need Editor (or Uploader) on the delivery folder.</li>
      )}
      <li>
        Below, tick <b>Let designers upload finished files</b> and pick the delivery folder (or paste its ID: the number at the end of the
        folder's address in Box). Test connection then checks that Skyhook may add files there.
      </li>
    </>,
  );
}

export const oneDriveDeliverStep: WizardStep<'deliver'> = deliverStep(
  <>
    <li>
      In the app registration open <b>API permissions › Add a permission › Microsoft Graph › Delegated permissions</b>, tick{' '}
      <b>Files.ReadWrite.All</b> and select <b>Add permissions</b>.
    </li>
    <li>
      Select <b>Grant admin consent for</b> your organisation (or each designer consents at their next sign-in).
    </li>
    <li>
      Below, tick <b>Let designers upload finished files</b> and pick the delivery folder (or paste its item ID). Designers sign in again
      once, so Microsoft grants the write permission; Test connection then uploads and deletes an empty probe file there.
    </li>
  </>,
);

/** Why delivery cannot be turned on for any connection on this computer, or undefined when it can. */
export function deliveryLockReason(info: AppInfo): string | undefined {
  if (info.policy?.allowDelivery !== false) return undefined;
  return `Your organisation's IT policy turns uploading off on this computer ("allowDelivery": false in ${info.policy.file}). Ask your IT team to change it.`;
}

interface DeliveryFieldsProps {
  value: DeliverySettings;
  onChange: (change: DeliverySettings) => void;
  /** Where the ID is found in the service, for admins who paste it. */
  folderHint: ReactNode;
  /** The saved connection: its folders can be browsed to pick the delivery folder. */
  editing: ConnectionSummary | undefined;
  info: AppInfo;
}

/**
 * The switch and the delivery folder. The folder is picked in the connection's folders and
 * shown by name and path; its ID stays visible (and can be pasted) for admins. An IT policy
 * that forbids delivery locks the switch off and says why.
 */
export function DeliveryFields({ value, onChange, folderHint, editing, info }: DeliveryFieldsProps) {
  const locked = deliveryLockReason(info);
  const folderName = useDeliveryFolderName(editing, value.deliveryFolderId);
  const [picked, setPicked] = useState<{ id: string; path: string } | undefined>();
  const shown = picked?.id === value.deliveryFolderId ? picked?.path : folderName;
  return (
    <fieldset className="delivery-fields">
      <legend>Deliver files back</legend>
      <label>
        <input
          type="checkbox"
          checked={!locked && value.delivery === true}
          disabled={locked !== undefined}
          aria-describedby={locked ? 'delivery-locked' : undefined}
          onChange={(e) => onChange({ ...value, delivery: e.target.checked || undefined })}
        />{' '}
        Let designers upload finished files to this connection
      </label>
      {locked && (
        <p className="field-hint" id="delivery-locked">
          {locked}
        </p>
      )}
      {!locked && value.delivery && (
        <>
          <p className="delivery-folder" role="status">
            Delivery folder: {value.deliveryFolderId ? <b>{shown ?? 'the folder with the ID below'}</b> : 'none picked yet'}
          </p>
          <FolderPicker
            connection={editing}
            label="Pick the delivery folder…"
            folderRequired
            onPick={(folder, path) => {
              if (!folder) return;
              setPicked({ id: folder.id, path: path.map((f) => f.name).join(' › ') });
              onChange({ ...value, deliveryFolderId: folder.id });
            }}
          />
          <Field
            label="Delivery folder ID"
            value={value.deliveryFolderId ?? ''}
            onChange={(deliveryFolderId) => onChange({ ...value, deliveryFolderId: deliveryFolderId.trim() || undefined })}
            hint={folderHint}
          />
        </>
      )}
    </fieldset>
  );
}

/** The saved delivery folder's name, as main finds it (undefined until known, or when it cannot be asked). */
function useDeliveryFolderName(editing: ConnectionSummary | undefined, folderId: string | undefined): string | undefined {
  const [names, setNames] = useState<Record<string, string>>({});
  const savedOn = editing?.config.delivery === true;
  useEffect(() => {
    if (!editing || !savedOn || !folderId || names[folderId] !== undefined) return;
    const controller = new AbortController();
    call('delivery.target', { connectionId: editing.id, folderId }, controller.signal).then(
      (target) => setNames((n) => ({ ...n, [folderId]: target.folderName })),
      // Not saved with delivery on yet, signed out, or gone: the ID says which folder it is.
      () => undefined,
    );
    return () => controller.abort();
  }, [editing, savedOn, folderId, names]);
  return folderId ? names[folderId] : undefined;
}
