import { CopyButton } from '../../components/CopyButton';
import { Field } from '../../components/Field';
import { confidentialRedirectUri as webRedirectUri, defaultConfidentialRedirectPort as defaultOneDriveRedirectPort, publicRedirectUri } from '../../../../preload/redirect-uris';
import type { WizardDefinition } from '../types';
import { optional, SecretField, str } from './shared-fields';


const clouds = [
  ['global', 'Global (portal.azure.com)'],
  ['usgov', 'US Government (portal.azure.us)'],
  ['china', 'China, operated by 21Vianet (portal.azure.cn)'],
] as const;

export const oneDriveWizard: WizardDefinition<'onedrive'> = {
  kind: 'onedrive',
  choice: 'OneDrive',
  summary: 'OneDrive and SharePoint through an Azure app registration. Each designer signs in with their work account.',
  signInAfterSave: true,
  steps: [
    {
      id: 'register',
      title: 'Register the app',
      body: (
        <ol>
          <li>
            Sign in to the <b>Azure portal</b> and open <b>Microsoft Entra ID</b> (formerly Azure Active Directory).
          </li>
          <li>
            Select <b>App registrations</b> › <b>New registration</b>.
          </li>
          <li>
            Name it, for example <b>OneDrive Skyhook Connector</b>.
          </li>
          <li>
            Under <b>Supported account types</b> choose <b>Single tenant</b> (accounts in your organisation only).
          </li>
          <li>
            Select <b>Register</b> and agree to the Microsoft Platform Policies.
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
            Select <b>Authentication</b> › <b>Add a platform</b>.
          </p>
          <p>
            <b>Recommended:</b> choose <b>Mobile and desktop applications</b> and enter <code>{publicRedirectUri}</code>{' '}
            <CopyButton value={publicRedirectUri} />. No client secret is needed, and none is stored on designers' machines.
          </p>
          <p>
            <b>As in some setup guides:</b> choose <b>Web</b> and enter <code>{webRedirectUri(defaultOneDriveRedirectPort)}</code>{' '}
            <CopyButton value={webRedirectUri(defaultOneDriveRedirectPort)} />; this also needs a client secret (next steps). Select{' '}
            <b>Configure</b>.
          </p>
        </>
      ),
    },
    {
      id: 'permissions',
      title: 'Add the Files.Read.All permission',
      body: (
        <ol>
          <li>
            Select <b>API permissions</b> › <b>Add a permission</b> › <b>Microsoft Graph</b> › <b>Delegated permissions</b>.
          </li>
          <li>
            Type <b>files</b> in the search box, tick <b>Files.Read.All</b> and select <b>Add permissions</b>.
          </li>
          <li>
            Check that <b>Files.Read.All</b> and <b>User.Read</b> are listed. Read-only delegated permissions usually need no admin
            approval; if your organisation requires it, ask an admin to <b>Grant admin consent</b>.
          </li>
        </ol>
      ),
    },
    {
      id: 'secret',
      title: 'Create a client secret (Web platform only)',
      body: (
        <>
          <p>
            Skip this step with the recommended Mobile and desktop platform. Otherwise: <b>Certificates &amp; secrets</b> ›{' '}
            <b>New client secret</b>, name it (e.g. OneDrive Skyhook Connector), pick <b>Expires</b> (for example 12 months, as your
            Azure admin allows), select <b>Add</b>.
          </p>
          <p>
            Copy the secret's <b>Value</b> (not the Secret ID) at once: Azure shows it only once. Note the expiry date: Skyhook warns 30
            days before it.
          </p>
        </>
      ),
    },
    {
      id: 'ids',
      title: 'Copy the IDs',
      body: (
        <p>
          Select <b>Overview</b> and copy the <b>Application (client) ID</b> and the <b>Directory (tenant) ID</b>.
        </p>
      ),
    },
    {
      id: 'folder',
      title: 'Optional: limit to one folder',
      body: (
        <p>
          Under <b>Advanced</b> on the last step you can limit searches to one parent folder by its ID. For several folders or
          drives, add one more OneDrive connection per folder (a new instance); they can share the same app registration.
        </p>
      ),
    },
    {
      id: 'sign-in',
      title: 'Sign in and test',
      body: (
        <p>
          After saving, each designer selects <b>Sign in</b> next to the connection and signs in with their work account. Skyhook
          then finds what they can see in OneDrive: their own files and what others shared with them.
        </p>
      ),
    },
  ],
  emptyDraft: () => ({ kind: 'onedrive', name: '', config: { tenantId: '', clientId: '', cloud: 'global', mode: 'public' }, secrets: {} }),
  fromSummary: (c) => ({
    id: c.id,
    kind: 'onedrive',
    name: c.name,
    config: {
      tenantId: str(c.config.tenantId),
      clientId: str(c.config.clientId),
      cloud: c.config.cloud === 'usgov' || c.config.cloud === 'china' ? c.config.cloud : 'global',
      mode: c.config.mode === 'confidential' ? 'confidential' : 'public',
      redirectPort: typeof c.config.redirectPort === 'number' ? c.config.redirectPort : undefined,
      parentFolderId: optional(str(c.config.parentFolderId)),
      includeShared: c.config.includeShared === true,
      secretExpiresOn: optional(str(c.config.secretExpiresOn)),
    },
    secrets: {},
  }),
  Form({ draft, setDraft, editing }) {
    const config = draft.config;
    const set = (change: Partial<typeof config>) => setDraft({ ...draft, config: { ...config, ...change } });
    const port = config.redirectPort ?? defaultOneDriveRedirectPort;
    return (
      <>
        <Field label="Connection name" required value={draft.name} placeholder="OneDrive" onChange={(name) => setDraft({ ...draft, name })} />
        <Field label="Tenant ID" required value={config.tenantId} onChange={(tenantId) => set({ tenantId })} hint="Overview › Directory (tenant) ID, or your domain." />
        <Field label="Client ID" required value={config.clientId} onChange={(clientId) => set({ clientId })} hint="Overview › Application (client) ID." />
        <label className="field">
          <span>Cloud</span>
          <select value={config.cloud} onChange={(e) => set({ cloud: e.target.value as typeof config.cloud })}>
            {clouds.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="choice-row">
          <legend>Platform you added in step 2</legend>
          <label>
            <input type="radio" checked={config.mode === 'public'} onChange={() => set({ mode: 'public', redirectPort: undefined })} /> Mobile
            and desktop applications (recommended)
          </label>
          <label>
            <input type="radio" checked={config.mode === 'confidential'} onChange={() => set({ mode: 'confidential', redirectPort: port })} /> Web,
            with a client secret
          </label>
        </fieldset>
        {config.mode === 'confidential' && (
          <>
            <SecretField
              label="Client secret"
              name="clientSecret"
              value={draft.secrets.clientSecret}
              editing={editing}
              onChange={(clientSecret) => setDraft({ ...draft, secrets: { ...draft.secrets, clientSecret } })}
              hint="The secret's Value, not its Secret ID."
            />
            <Field
              label="Client secret expires on"
              type="date"
              value={config.secretExpiresOn ?? ''}
              onChange={(v) => set({ secretExpiresOn: optional(v) })}
              hint="Skyhook reminds you 30 days before it expires."
            />
            <Field
              label="Redirect port"
              type="number"
              required
              value={String(port)}
              onChange={(v) => set({ redirectPort: Number(v) })}
              hint={
                <>
                  Register <code>{webRedirectUri(port)}</code> <CopyButton value={webRedirectUri(port)} /> under the Web platform.
                </>
              }
            />
          </>
        )}
        <details className="advanced">
          <summary>Advanced</summary>
          <Field
            label="Parent folder ID"
            value={config.parentFolderId ?? ''}
            onChange={(v) => set({ parentFolderId: optional(v) })}
            hint="Search only inside this folder (its item ID, e.g. 01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K)."
          />
          <label className="check">
            <input type="checkbox" checked={config.includeShared === true} onChange={(e) => set({ includeShared: e.target.checked })} /> Also
            search files others shared with me
          </label>
        </details>
      </>
    );
  },
};
