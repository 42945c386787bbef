import { CopyButton } from '../../components/CopyButton';
import { Field } from '../../components/Field';
import { boxRedirectUri, defaultBoxRedirectPort } from '../../../../preload/redirect-uris';
import type { WizardDefinition } from '../types';
import { DeliveryFields, boxDeliverStep } from './deliver-step';
import { BoxAppFields, boxFieldLabels, createAppStep, folderField, scopesBody } from './box-common';

export const boxOAuthWizard: WizardDefinition<'box-oauth'> = {
  kind: 'box-oauth',
  summary: 'Each designer signs in with their own Box account and sees exactly what they can see in Box.',
  signInAfterSave: true,
  prerequisites: [
    'A Box account that can open the Developer Console (custom apps need a Box Business plan or above).',
    'Depending on your enterprise’s settings, a Box admin may have to enable new apps in the Admin Console before people can sign in.',
  ],
  fieldLabels: () => ({ ...boxFieldLabels, 'config.redirectPort': 'Redirect port' }),
  stepFields: { credentials: ['Client ID', 'Client secret'], redirect: ['Redirect port'] },
  steps: [
    createAppStep('User Authentication (OAuth 2.0)'),
    {
      id: 'redirect',
      title: 'Add the redirect URI',
      body: (
        <>
          <p>
            On the <b>Configuration</b> tab, under <b>OAuth 2.0 Redirect URI</b>, add exactly:
          </p>
          <p className="code-line">
            <code>{boxRedirectUri(defaultBoxRedirectPort)}</code> <CopyButton value={boxRedirectUri(defaultBoxRedirectPort)} />
          </p>
          <p className="hint">
            If another program uses port {defaultBoxRedirectPort}, choose another port on the last step and register that URI instead.
          </p>
        </>
      ),
    },
    {
      id: 'scopes',
      title: 'Set the application scope',
      body: (
        <>
          {scopesBody}
          <p>
            Select <b>Save Changes</b>.
          </p>
        </>
      ),
    },
    {
      id: 'credentials',
      title: 'Copy the client ID and secret',
      body: (
        <p>
          On the <b>Configuration</b> tab, under <b>OAuth 2.0 Credentials</b>, copy the <b>Client ID</b> and the <b>Client Secret</b>.
        </p>
      ),
    },
    boxDeliverStep(false),
    {
      id: 'sign-in',
      title: 'Sign in',
      body: (
        <>
          <p>
            <b>Sign in</b> on the last step opens Box in your browser. Sign in to Box if asked and select <b>Grant access to Box</b>; the
            browser then says you are signed in, and Skyhook tests the connection as your Box account. Then select <b>Save connection</b>.
            Skyhook keeps the sign-in, refreshing it automatically, until you select <b>Sign out</b>.
          </p>
          <p>
            Everyone who uses this connection signs in with their own Box account (<b>Sign in</b> next to the connection) and finds exactly
            the images they can see in Box.
          </p>
          <p className="hint">
            If the browser shows a Box error about the redirect URI instead, the URI from step 2 is missing or has another port.
          </p>
        </>
      ),
    },
  ],
  emptyDraft: () => ({ kind: 'box-oauth', name: '', config: { clientId: '', redirectPort: defaultBoxRedirectPort }, secrets: {} }),
  Form({ draft, setDraft, editing, info }) {
    const config = draft.config;
    const set = (change: Partial<typeof config>) => setDraft({ ...draft, config: { ...config, ...change } });
    return (
      <>
        <BoxAppFields
          draft={draft}
          setDraft={setDraft}
          editing={editing}
          placeholder="Box"
          step={4}
          secretWhere="Configuration tab › OAuth 2.0 Credentials › Client Secret."
        />
        <Field
          label="Redirect port"
          type="number"
          required
          value={String(config.redirectPort)}
          onChange={(v) => set({ redirectPort: Number(v) })}
          hint={
            <>
              Register <code>{boxRedirectUri(config.redirectPort)}</code> <CopyButton value={boxRedirectUri(config.redirectPort)} /> as the
              app's redirect URI.
            </>
          }
        />
        {folderField(editing, config.folderId, (folderId) => set({ folderId }))}
        <DeliveryFields
          editing={editing}
          info={info}
          value={config}
          onChange={(change) => set(change)}
          folderHint="Step “Deliver files back”: the number at the end of the delivery folder's address in Box."
        />
        <p className="hint">
          {editing?.auth === 'signed-in'
            ? `Signed in${editing.account ? ` as ${editing.account}` : ''}. Test connection searches as that account.`
            : 'Sign in opens Box in your browser and tests the connection as you; then save it.'}
        </p>
      </>
    );
  },
};
