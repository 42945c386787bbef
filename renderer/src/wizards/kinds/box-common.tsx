import type { ReactNode } from 'react';
import type { ConnectionSummary } from '../../../../preload/contract';
import { CopyButton } from '../../components/CopyButton';
import { Field } from '../../components/Field';
import { ConsoleButton } from '../ConsoleButton';
import { FolderPicker } from '../FolderPicker';
import type { StepToolsProps, WizardStep } from '../types';
import { ClientSecretField, ConnectionNameField, optional } from './shared-fields';

/** Where every Box wizard finds the Client ID, in the console's words. */
export const clientIdWhere = 'Developer Console › your app › Configuration tab › OAuth 2.0 Credentials › Client ID.';

/** What Box needs before any Box wizard can work, from the providers' and vendors' setup guides. */
export const boxPrerequisites = {
  plan: 'A Box Business plan or above (Business, Business Plus, Enterprise): custom apps and the Admin Console need it.',
  developer: 'Access to the Box Developer Console (app.box.com/developers/console) with your Box account.',
  admin:
    'An Enterprise admin (or a co-admin allowed to manage apps) to authorize the app in the Admin Console. That can take a day or more: Skyhook keeps your progress, and step 5 has the request to send them.',
} as const;

/** Labels of the fields every Box form shares. */
export const boxFieldLabels = {
  name: 'Connection name',
  'config.clientId': 'Client ID',
  'secrets.clientSecret': 'Client secret',
  'config.folderId': 'Parent folder ID',
} as const;

const boxClientId = (draft: StepToolsProps['draft']): string => ('clientId' in draft.config ? draft.config.clientId : '');

/** The e-mail-ready request an admin needs to approve the app: which app, and exactly what it may do. */
export function adminRequest(method: string, clientId: string, delivery: boolean): string {
  return [
    'Hi, could you authorize a Box app for Skyhook (image search for the design team)?',
    '',
    'App name: Skyhook (the Custom App in the Developer Console)',
    `Client ID: ${clientId || '(not filled in yet)'}`,
    `Authentication: ${method}`,
    delivery
      ? 'Access it asks for: Read and write all files and folders stored in Box (designers upload finished files to the delivery folder).'
      : 'Access it asks for: Read all files and folders stored in Box (no write access).',
    '',
    'What to do: Admin Console › Apps › Custom Apps Manager › Add App, paste the Client ID, then Authorize.',
  ].join('\n');
}

export const createAppStep = (method: string): WizardStep<'create-app'> => ({
  id: 'create-app',
  title: 'Create a Custom App',
  Tools: () => <ConsoleButton page="box-developer-console">Open the Developer Console</ConsoleButton>,
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
    On the <b>Configuration</b> tab, under <b>Application Scopes</b>, enable <b>Read all files and folders stored in Box</b>. Skyhook only
    searches and downloads: it needs no write scope.
  </p>
);

/**
 * The admin needs the Client ID before the step that copies the secret: it is asked for
 * here, saying where it is, and goes into the request for the admin.
 */
export const adminAuthorizeStep = (method: string): WizardStep<'admin-authorize'> => ({
  id: 'admin-authorize',
  title: 'Have your Box admin authorize the app',
  waiting: 'waiting for your Box admin',
  Tools: function AdminAuthorizeTools({ draft, setDraft }: StepToolsProps) {
    const clientId = boxClientId(draft);
    return (
      <div className="step-tools">
        <Field
          label="Client ID"
          required
          value={clientId}
          onChange={(value) => setDraft({ ...draft, config: { ...draft.config, clientId: value } } as StepToolsProps['draft'])}
          hint={<>Found in the {clientIdWhere} Your admin needs it to find the app.</>}
        />
        <div className="button-row">
          <CopyButton
            value={adminRequest(method, clientId, 'delivery' in draft.config && draft.config.delivery === true)}
            label="Copy request for your Box admin"
          />
          <ConsoleButton page="box-admin-console">Open the Admin Console</ConsoleButton>
        </div>
      </div>
    );
  },
  body: (
    <p>
      Your Box admin opens the <b>Admin Console</b> › <b>Apps</b> › <b>Custom Apps</b> (Enterprise Settings › Apps), finds the app by its
      Client ID and authorizes it. Until then Box answers “This app is not authorized by the enterprise admin”.
    </p>
  ),
});

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
        <code>AutomationUser_…@boxdevedition.com</code>; find it {whereToFindIt}, or press <b>Test connection</b> on the last step, which
        shows it with a copy button.
      </p>
      <p>
        In Box, select <b>Share</b> on each folder with images, invite that e-mail and select <b>Send</b>. Everything in those folders,
        subfolders included, becomes searchable.
      </p>
      <p>
        Box indexes new uploads with a delay (usually about 10 minutes). If Skyhook finds nothing, search for the file in Box first: once
        Box finds it, Skyhook will too.
      </p>
    </>
  ),
});

export function folderField(
  editing: ConnectionSummary | undefined,
  value: string | undefined,
  onChange: (value: string | undefined) => void,
) {
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

/** The name, Client ID and client secret a Box app form starts with, each saying which step shows it. */
export function BoxAppFields<D extends { name: string; config: { clientId: string }; secrets: { clientSecret?: string } }>(props: {
  draft: D;
  setDraft: (draft: D) => void;
  editing: ConnectionSummary | undefined;
  placeholder: string;
  /** The wizard step that says where both values are. */
  step: number;
  secretWhere: string;
}) {
  const { draft, setDraft } = props;
  return (
    <>
      <ConnectionNameField draft={draft} setDraft={setDraft} placeholder={props.placeholder} />
      <Field
        label="Client ID"
        required
        value={draft.config.clientId}
        onChange={(clientId) => setDraft({ ...draft, config: { ...draft.config, clientId } })}
        hint={`Step ${props.step}: ${clientIdWhere}`}
      />
      <ClientSecretField draft={draft} setDraft={setDraft} editing={props.editing} hint={`Step ${props.step}: ${props.secretWhere}`} />
    </>
  );
}
