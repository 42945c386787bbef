import type { ReactNode } from 'react';
import { Field } from '../../components/Field';
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
    <b>Optional.</b> Only if designers should upload finished files back with Skyhook (drop files on the search panel). Skip
    this step to keep the connection read-only.
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
            re-authorizes the app in the <b>Admin Console</b> (<b>Apps › Custom Apps Manager</b>, the app's menu ›{' '}
            <b>Reauthorize App</b>).
          </li>
          <li>
            Invite the service account to the delivery folder as <b>Editor</b> (or <b>Uploader</b>).
          </li>
        </>
      ) : (
        <li>Each designer signs in again so Box grants the new scope; they need Editor (or Uploader) on the delivery folder.</li>
      )}
      <li>
        Below, tick <b>Let designers upload finished files</b> and enter the delivery folder's ID (the number at the end of the
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
      Below, tick <b>Let designers upload finished files</b> and enter the delivery folder's item ID. Designers sign in again
      once, so Microsoft grants the write permission; Test connection then uploads and deletes an empty probe file there.
    </li>
  </>,
);

export function DeliveryFields(props: { value: DeliverySettings; onChange: (change: DeliverySettings) => void; folderHint: ReactNode }) {
  const { value, onChange } = props;
  return (
    <fieldset className="delivery-fields">
      <legend>Deliver files back</legend>
      <label>
        <input type="checkbox" checked={value.delivery === true} onChange={(e) => onChange({ ...value, delivery: e.target.checked || undefined })} /> Let
        designers upload finished files to this connection
      </label>
      {value.delivery && (
        <Field
          label="Delivery folder ID"
          value={value.deliveryFolderId ?? ''}
          onChange={(deliveryFolderId) => onChange({ ...value, deliveryFolderId: deliveryFolderId.trim() || undefined })}
          hint={props.folderHint}
        />
      )}
    </fieldset>
  );
}
