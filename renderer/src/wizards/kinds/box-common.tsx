import type { ReactNode } from 'react';
import type { ConnectionSummary } from '../../../../preload/contract';
import { Field } from '../../components/Field';
import { FolderPicker } from '../FolderPicker';
import type { WizardStep } from '../types';
import { optional } from './shared-fields';

export const createAppStep = (method: string): WizardStep<'create-app'> => ({
  id: 'create-app',
  title: 'Create a Custom App',
  body: (
    <ol>
      <li>
        Sign in to Box and open the <b>Developer Console</b> (app.box.com/developers/console).
      </li>
      <li>
        Select <b>Create New App</b> in the top right corner, then <b>Custom App</b>.
      </li>
      <li>
        Give it a name your admin will recognise, such as “Skyhook”, and choose <b>{method}</b>.
      </li>
    </ol>
  ),
});

export const scopesBody = (
  <p>
    On the <b>Configuration</b> tab, under <b>Application Scopes</b>, enable <b>Read all files and folders stored in Box</b>. Skyhook
    only searches and downloads: it needs no write scope.
  </p>
);

export const adminAuthorizeStep: WizardStep<'admin-authorize'> = {
  id: 'admin-authorize',
  title: 'Have your Box admin authorize the app',
  body: (
    <p>
      Your Box admin opens the <b>Admin Console</b> › <b>Apps</b> › <b>Custom Apps</b> (Enterprise Settings › Apps), finds the app by
      its Client ID and authorizes it. Until then Box answers “This app is not authorized by the enterprise admin”.
    </p>
  ),
};

/**
 * Where the admin finds the service account's e-mail (AutomationUser_…@boxdevedition.com):
 * the documents name it differently for each auth method.
 */
export const shareStep = (whereToFindIt: ReactNode): WizardStep<'share'> => ({
  id: 'share',
  title: 'Share folders with the app',
  body: (
    <>
      <p>
        The app's service account starts with an empty Box: it sees only what is shared with it. Its e-mail looks like{' '}
        <code>AutomationUser_…@boxdevedition.com</code>; find it {whereToFindIt}, or press <b>Test connection</b> on the last step,
        which shows it with a copy button.
      </p>
      <p>
        In Box, select <b>Share</b> on each folder with images, invite that e-mail and select <b>Send</b>. Everything in those
        folders, subfolders included, becomes searchable.
      </p>
      <p>
        Box indexes new uploads with a delay (usually about 10 minutes). If Skyhook finds nothing, search for the file in Box first:
        once Box finds it, Skyhook will too.
      </p>
    </>
  ),
});

export function folderField(editing: ConnectionSummary | undefined, value: string | undefined, onChange: (value: string | undefined) => void) {
  return (
    <div>
      <Field
        label="Parent folder ID"
        value={value ?? ''}
        onChange={(v) => onChange(optional(v))}
        placeholder="e.g. 123456789"
        hint="Search only this folder and its subfolders: the number at the end of the folder's Box URL, or browse."
      />
      <FolderPicker connection={editing} onPick={(folder) => onChange(folder?.id)} />
    </div>
  );
}
