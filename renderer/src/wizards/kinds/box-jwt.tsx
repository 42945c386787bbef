import type { WizardDefinition } from '../types';
import { DeliveryFields, boxDeliverStep } from './deliver-step';
import { adminAuthorizeStep, boxFieldLabels, boxPrerequisites, createAppStep, folderField, scopesBody, shareStep } from './box-common';
import { JwtConfigImport } from './JwtConfigImport';
import { ConnectionNameField } from './shared-fields';

export const boxJwtWizard: WizardDefinition<'box-jwt'> = {
  kind: 'box-jwt',
  summary: "A Box app that signs in with a key pair (the app's config.json). For enterprises that require JWT.",
  prerequisites: [
    boxPrerequisites.plan,
    boxPrerequisites.developer,
    'Two-step verification on your Box account: Box asks for it before it generates the key pair.',
    boxPrerequisites.admin,
  ],
  // Everything but the name and the folder comes from config.json: its picker carries the messages.
  fieldLabels: () => ({
    ...boxFieldLabels,
    'config.clientId': 'Client ID (from config.json)',
    'config.publicKeyId': 'Public key ID (from config.json)',
    'config.enterpriseId': 'Enterprise ID (from config.json)',
    'secrets.clientSecret': 'Client secret (from config.json)',
    'secrets.privateKey': 'Private key (from config.json)',
    'secrets.passphrase': 'Passphrase (from config.json)',
  }),
  stepFields: { 'admin-authorize': ['Client ID'] },
  steps: [
    {
      id: 'two-factor',
      title: 'Turn on two-step verification',
      body: (
        <p>
          In Box, open <b>Account Settings</b> and turn on <b>2-Step Verification</b>. Box asks for it before it lets you generate the key
          pair in step 4.
        </p>
      ),
    },
    createAppStep('Server Authentication (with JWT)'),
    {
      id: 'scopes',
      title: 'Set the application scope',
      body: (
        <>
          {scopesBody}
          <p className="hint">
            Some setup guides also enable <b>Write all files and folders stored in Box</b> and <b>Manage webhooks</b>: those are for
            delivering files into Box, not for search. Leave them off. If you change scopes later, the app must be authorized again.
          </p>
        </>
      ),
    },
    {
      id: 'keypair',
      title: 'Generate the key pair',
      body: (
        <p>
          On the <b>Configuration</b> tab, under <b>Add and Manage Public Keys</b>, select <b>Generate a Public/Private Keypair</b>. The
          first time, Box asks for two-step verification and returns you to the app page: select it again and Box downloads a{' '}
          <code>config.json</code>. Keep that file safe: it holds the private key. (Webhook signature keys are not needed for Skyhook.)
        </p>
      ),
    },
    {
      id: 'submit',
      title: 'Submit the app for authorization',
      body: (
        <p>
          Open the <b>Authorization</b> tab and select <b>Review and Submit</b>.
        </p>
      ),
    },
    adminAuthorizeStep('Server Authentication (with JWT)'),
    {
      id: 'config-file',
      title: 'Import config.json',
      body: (
        <>
          <p>
            Skyhook needs the <code>config.json</code> Box downloaded in step 4, named like <code>123456_ab12cd34_config.json</code>{' '}
            (enterprise ID, public key ID). It holds the Client ID and secret, the public key ID, the private key with its passphrase, and
            the Enterprise ID.
          </p>
          <p>
            On the last step, choose the file or drop it on the form. Skyhook shows which fields it found; the private key and passphrase go
            straight to the encrypted vault.
          </p>
          <p className="hint">
            <b>Download as JSON</b> under <b>App Settings</b> gives a file without the private key, which cannot sign in. If the original
            file is lost, generate a new key pair (step 4), import the file that downloads, and remove the old key under{' '}
            <b>Add and Manage Public Keys</b>.
          </p>
        </>
      ),
    },
    shareStep(
      <>
        in the Developer Console under <b>General Settings</b> › <b>App Details</b> as the <b>Service Account ID</b>
      </>,
    ),
    boxDeliverStep(true),
  ],
  emptyDraft: () => ({ kind: 'box-jwt', name: '', config: { clientId: '', publicKeyId: '', enterpriseId: '' }, secrets: {} }),
  Form: function BoxJwtForm({ draft, setDraft, editing, info, stepLink }) {
    return (
      <>
        <ConnectionNameField draft={draft} setDraft={setDraft} placeholder="Box — Studio" />
        <JwtConfigImport
          saved={editing?.secrets.privateKey?.set === true}
          stepLink={stepLink}
          onImport={(result) =>
            setDraft({ ...draft, config: { ...result.config, folderId: draft.config.folderId }, secrets: result.secrets })
          }
        />
        {draft.config.clientId && (
          <dl className="facts">
            <div>
              <dt>Client ID</dt>
              <dd>{draft.config.clientId}</dd>
            </div>
            <div>
              <dt>Public key ID</dt>
              <dd>{draft.config.publicKeyId}</dd>
            </div>
            <div>
              <dt>Enterprise ID</dt>
              <dd>{draft.config.enterpriseId}</dd>
            </div>
          </dl>
        )}
        {folderField(editing, draft.config.folderId, (folderId) => setDraft({ ...draft, config: { ...draft.config, folderId } }))}
        <DeliveryFields
          editing={editing}
          info={info}
          value={draft.config}
          onChange={(change) => setDraft({ ...draft, config: { ...draft.config, ...change } })}
          folderHint="Step “Deliver files back”: the number at the end of the delivery folder's address in Box."
        />
      </>
    );
  },
};
