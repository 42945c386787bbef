import { cloudLabels, type NationalCloud } from '../../../../preload/connection-kinds';
import { useState } from 'react';
import { CopyButton } from '../../components/CopyButton';
import { Field } from '../../components/Field';
import {
  confidentialRedirectUri as webRedirectUri,
  defaultConfidentialRedirectPort as defaultOneDriveRedirectPort,
  publicRedirectUri,
} from '../../../../preload/redirect-uris';
import { ConsoleButton } from '../ConsoleButton';
import { FolderPicker } from '../FolderPicker';
import type { WizardDefinition } from '../types';
import { azureAdminRequest } from './azure-admin-request';
import { DeliveryFields, oneDriveDeliverStep } from './deliver-step';
import { ClientSecretField, ConnectionNameField, optional } from './shared-fields';

export const oneDriveWizard: WizardDefinition<'onedrive'> = {
  kind: 'onedrive',
  summary: 'OneDrive and SharePoint through an Azure app registration. Each designer signs in with their work account.',
  signInAfterSave: true,
  prerequisites: [
    'An Azure account allowed to register applications in Microsoft Entra ID (the Application Developer role, or “Users can register applications” left on).',
    'If your organisation lets only admins approve apps: an admin who can grant admin consent (Cloud Application Administrator or Global Administrator).',
  ],
  fieldLabels: () => ({
    name: 'Connection name',
    'config.tenantId': 'Tenant ID',
    'config.clientId': 'Client ID',
    'config.cloud': 'Cloud',
    'config.mode': 'Platform you added in step 2',
    'config.redirectPort': 'Redirect port',
    'config.parentFolderId': 'Parent folder ID',
    'config.secretExpiresOn': 'Secret expires on',
    'secrets.clientSecret': 'Client secret',
  }),
  stepFields: {
    ids: ['Tenant ID', 'Client ID'],
    secret: ['Client secret', 'Secret expires on'],
    redirect: ['Redirect port'],
    folder: ['Parent folder ID'],
  },
  steps: [
    {
      id: 'register',
      title: 'Register the app',
      Tools: ({ draft }) => (
        <ConsoleButton page="azure-app-registrations" cloud={draft.kind === 'onedrive' ? draft.config.cloud : undefined}>
          Open the Azure portal
        </ConsoleButton>
      ),
      body: (
        <ol>
          <li>
            Sign in to the <b>Azure portal</b> and open <b>Microsoft Entra ID</b> (called Azure Active Directory in older guides).
          </li>
          <li>
            On the left select <b>App registrations</b>, then at the top <b>New registration</b>.
          </li>
          <li>
            Under <b>Name</b> enter, for example, <b>OneDrive Skyhook Connector</b>.
          </li>
          <li>
            Under <b>Supported account types</b> choose <b>Accounts in this organizational directory only (Single tenant)</b>: people search
            their own OneDrive and what colleagues share with them.
          </li>
          <li>
            Leave <b>Redirect URI</b> empty for now and select <b>Register</b> (you agree to the Microsoft Platform Policies).
          </li>
        </ol>
      ),
    },
    {
      id: 'redirect',
      title: 'Add a redirect URI',
      body: (
        <>
          <p>
            On the left select <b>Authentication</b>, then <b>Add a platform</b>, and pick one of the two:
          </p>
          <ul>
            <li>
              <b>Mobile and desktop applications</b> (recommended). Under <b>Custom redirect URIs</b> enter <code>{publicRedirectUri}</code>{' '}
              <CopyButton value={publicRedirectUri} /> exactly: no port, no path. No client secret is needed, so none is stored on
              designers' computers.
            </li>
            <li>
              <b>Web</b>, as in setup guides written for web services. Under <b>Redirect URIs</b> enter{' '}
              <code>{webRedirectUri(defaultOneDriveRedirectPort)}</code> <CopyButton value={webRedirectUri(defaultOneDriveRedirectPort)} />.
              This platform also needs a client secret (step 4). If another program uses port {defaultOneDriveRedirectPort}, choose another
              port on the last step and register the URI it shows instead.
            </li>
          </ul>
          <p>
            Select <b>Configure</b>, then check that the platform's page lists the redirect URI exactly as above.
          </p>
        </>
      ),
    },
    {
      id: 'permissions',
      title: 'Add the Files.Read.All permission',
      waiting: 'waiting for admin consent',
      Tools: ({ draft }) =>
        draft.kind === 'onedrive' && (
          <div className="button-row">
            <CopyButton
              value={azureAdminRequest({
                clientId: draft.config.clientId,
                tenantId: draft.config.tenantId,
                cloud: draft.config.cloud,
                delivery: draft.config.delivery === true,
              })}
              label="Copy request for your Azure admin"
            />
          </div>
        ),
      body: (
        <ol>
          <li>
            On the left select <b>API permissions</b>, then <b>Add a permission</b> › <b>Microsoft Graph</b> › <b>Delegated permissions</b>.
          </li>
          <li>
            Type <b>files</b> in the search box, tick <b>Files.Read.All</b> and select <b>Add permissions</b>.
          </li>
          <li>
            Check that <b>Files.Read.All</b> and <b>User.Read</b> are listed under <b>Configured permissions</b>. Read-only delegated
            permissions usually need no admin approval: each person accepts them at their first sign-in. If your organisation lets only
            admins approve apps, an admin selects <b>Grant admin consent</b> here: copy the request below and send it to them.
          </li>
        </ol>
      ),
    },
    {
      id: 'secret',
      title: 'Create a client secret (Web platform only)',
      body: (
        <>
          <p className="hint">Skip this step if you chose Mobile and desktop applications in step 2.</p>
          <ol>
            <li>
              On the left select <b>Certificates &amp; secrets</b>, then <b>Client secrets</b> › <b>New client secret</b>.
            </li>
            <li>
              Under <b>Description</b> enter, for example, <b>OneDrive Skyhook Connector</b>; under <b>Expires</b> pick what your Azure
              admin allows (for example 12 months). Select <b>Add</b>.
            </li>
            <li>
              Copy the secret's <b>Value</b> at once (not its <b>Secret ID</b>): Azure shows it only once and afterwards you would have to
              create a new one.
            </li>
            <li>
              Note the <b>Expires</b> date it lists. Enter it on the last step: Skyhook warns 30 days before the secret stops working.
            </li>
          </ol>
        </>
      ),
    },
    {
      id: 'ids',
      title: 'Copy the IDs',
      body: (
        <p>
          On the left select <b>Overview</b> and copy the <b>Application (client) ID</b> and the <b>Directory (tenant) ID</b>. The last step
          asks for both.
        </p>
      ),
    },
    {
      id: 'folder',
      title: 'Optional: limit to one folder',
      body: (
        <>
          <p>
            To search a single folder rather than the whole OneDrive, open <b>Advanced</b> on the last step and paste the folder's ID under{' '}
            <b>Parent folder ID</b>. Or save and sign in first, then select <b>Edit</b> on the connection and pick the folder with{' '}
            <b>Browse folders…</b>.
          </p>
          <p>
            For several folders, or for teams that need separate entries, add one OneDrive connection per folder (a new instance). They can
            all use this app registration.
          </p>
          <p className="hint">
            Each person only finds what their own account can open. If someone cannot find a file in OneDrive's own search, Skyhook cannot
            find it either.
          </p>
        </>
      ),
    },
    oneDriveDeliverStep,
    {
      id: 'sign-in',
      title: 'Sign in and test',
      body: (
        <>
          <p>
            On the last step, <b>Test connection</b> checks the app registration with Microsoft before anyone signs in. <b>Sign in</b> then
            opens Microsoft's sign-in page in your browser: sign in with your work account and <b>Accept</b> the permissions. The browser
            then says you are signed in, and Skyhook tests the connection as that account. Then select <b>Save connection</b>.
          </p>
          <p>
            Everyone else who uses this connection selects <b>Sign in</b> next to it and signs in with their own account. Skyhook keeps the
            sign-in until they select <b>Sign out</b>.
          </p>
          <p className="hint">
            New or renamed files can take several minutes to appear in OneDrive search. Files others shared are included only if you tick
            that option under Advanced.
          </p>
        </>
      ),
    },
  ],
  emptyDraft: () => ({ kind: 'onedrive', name: '', config: { tenantId: '', clientId: '', cloud: 'global', mode: 'public' }, secrets: {} }),
  Form: function OneDriveForm({ draft, setDraft, editing, info }) {
    const config = draft.config;
    const set = (change: Partial<typeof config>) => setDraft({ ...draft, config: { ...config, ...change } });
    const port = config.redirectPort ?? defaultOneDriveRedirectPort;
    const folderLimited = (config.parentFolderId ?? '') !== '';
    // A saved folder limit or shared-files option stays in view when editing; otherwise Advanced starts closed.
    const [advancedOpen, setAdvancedOpen] = useState(folderLimited || config.includeShared === true);
    return (
      <>
        <ConnectionNameField draft={draft} setDraft={setDraft} placeholder="OneDrive" />
        <Field
          label="Tenant ID"
          required
          value={config.tenantId}
          onChange={(tenantId) => set({ tenantId })}
          hint="Step 5: Overview › Directory (tenant) ID, or your domain such as contoso.onmicrosoft.com."
        />
        <Field
          label="Client ID"
          required
          value={config.clientId}
          onChange={(clientId) => set({ clientId })}
          hint="Step 5: Overview › Application (client) ID."
        />
        <label className="field">
          <span>Cloud</span>
          <select value={config.cloud} onChange={(e) => set({ cloud: e.target.value as typeof config.cloud })}>
            {(Object.entries(cloudLabels) as [NationalCloud, string][]).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="choice-row">
          <legend>Platform you added in step 2</legend>
          <label>
            <input
              type="radio"
              name="onedrive-platform"
              checked={config.mode === 'public'}
              onChange={() => set({ mode: 'public', redirectPort: undefined })}
            />{' '}
            Mobile and desktop applications (recommended, no secret)
          </label>
          <label>
            <input
              type="radio"
              name="onedrive-platform"
              checked={config.mode === 'confidential'}
              onChange={() => set({ mode: 'confidential', redirectPort: port })}
            />{' '}
            Web (uses a secret from step 4)
          </label>
        </fieldset>
        {config.mode === 'confidential' && (
          <>
            <Field
              label="Redirect port"
              type="number"
              required
              value={String(port)}
              onChange={(v) => set({ redirectPort: Number(v) })}
              hint={
                <>
                  Step 2: register <code>{webRedirectUri(port)}</code> <CopyButton value={webRedirectUri(port)} /> under Authentication ›
                  Web.
                </>
              }
            />
            <ClientSecretField
              draft={draft}
              setDraft={setDraft}
              editing={editing}
              hint="Step 4: Certificates & secrets › the secret's Value, not its Secret ID."
            />
            <Field
              label="Secret expires on"
              type="date"
              value={config.secretExpiresOn ?? ''}
              onChange={(v) => set({ secretExpiresOn: optional(v) })}
              hint="The Expires date Certificates & secrets lists for it. Skyhook warns 30 days before."
            />
          </>
        )}
        <details className="advanced" open={advancedOpen} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}>
          <summary>Advanced</summary>
          <Field
            label="Parent folder ID"
            value={config.parentFolderId ?? ''}
            onChange={(v) => set({ parentFolderId: optional(v) })}
            hint={
              <>
                Search only inside this folder and its subfolders; leave empty to search the whole OneDrive. Pick the folder below once
                signed in, or paste its item ID (like 01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K): in Graph Explorer,{' '}
                <code>GET /me/drive/root:/Pictures</code> shows it as <code>id</code>.
              </>
            }
          />
          <FolderPicker connection={editing} onPick={(folder) => set({ parentFolderId: folder?.id })} />
          <label className="check">
            <input
              type="checkbox"
              checked={config.includeShared === true && !folderLimited}
              disabled={folderLimited}
              onChange={(e) => set({ includeShared: e.target.checked })}
            />{' '}
            Also search files others shared with me{folderLimited ? ' (not with a parent folder: shared files live outside it)' : ''}
          </label>
        </details>
        <DeliveryFields
          editing={editing}
          info={info}
          value={config}
          onChange={(change) => set(change)}
          folderHint="Step “Deliver files back”: the delivery folder's item ID (Graph Explorer: GET /me/drive/root:/Deliveries shows it as id)."
        />
      </>
    );
  },
};
