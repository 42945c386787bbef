import { Field } from '../../components/Field';
import type { WizardDefinition } from '../types';
import { DeliveryFields, boxDeliverStep } from './deliver-step';
import {
  adminAuthorizeStep,
  BoxAppFields,
  boxFieldLabels,
  boxPrerequisites,
  createAppStep,
  folderField,
  scopesBody,
  shareStep,
} from './box-common';

export const boxCcgWizard: WizardDefinition<'box-ccg'> = {
  kind: 'box-ccg',
  summary: 'A Box app that signs in as its own service account. The admin sets it up once; designers just search.',
  prerequisites: [boxPrerequisites.plan, boxPrerequisites.developer, boxPrerequisites.admin],
  fieldLabels: (draft) => ({
    ...boxFieldLabels,
    'config.subjectType': 'Search as',
    'config.subjectId': draft.config.subjectType === 'user' ? 'User ID' : 'Enterprise ID',
  }),
  stepFields: {
    credentials: ['Client ID', 'Client secret', 'Enterprise ID', 'User ID'],
    'admin-authorize': ['Client ID'],
    scopes: ['User ID'],
  },
  steps: [
    createAppStep('Server Authentication (with Client Credentials Grant)'),
    {
      id: 'auth-method',
      title: 'Choose Client Credentials',
      body: (
        <>
          <p>
            Box asks for the authentication method when the app is created (step 1). To check it, or to switch an existing app from JWT:
            open the app's <b>Configuration</b> tab and, under <b>Authentication Method</b>, select{' '}
            <b>Server Authentication (with Client Credentials Grant)</b>, then <b>Save Changes</b>.
          </p>
          <p>
            This lets Skyhook sign in without a person, as the app's service account. A changed method needs your admin's authorization
            again (steps 4 and 5).
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
            Only if Skyhook should search as one managed user (“A managed user” on the last step) instead of the service account: under{' '}
            <b>Advanced Features</b> enable <b>Perform Actions as Users</b> and <b>Generate user access tokens</b>. Then select{' '}
            <b>Save Changes</b>.
          </p>
        </>
      ),
    },
    {
      id: 'submit',
      title: 'Submit the app for authorization',
      body: (
        <p>
          Open the <b>Authorization</b> tab and select <b>Review and Submit</b>. Your Box admin receives an e-mail. You must re-submit
          whenever you change the app's settings.
        </p>
      ),
    },
    adminAuthorizeStep('Server Authentication (Client Credentials Grant)'),
    {
      id: 'credentials',
      title: 'Copy the IDs and the secret',
      body: (
        <ul>
          <li>
            <b>General Settings</b> tab: the <b>Enterprise ID</b> and the <b>Service Account</b> e-mail.
          </li>
          <li>
            <b>Configuration</b> tab: the <b>Client ID</b>, then select <b>Fetch Client Secret</b> (Box asks for two-step verification) and
            copy the <b>Client Secret</b>. Box shows it once: keep it somewhere safe.
          </li>
        </ul>
      ),
    },
    shareStep(
      <>
        on the <b>General Settings</b> tab under <b>Service Account Info</b>
      </>,
    ),
    boxDeliverStep(true),
  ],
  emptyDraft: () => ({ kind: 'box-ccg', name: '', config: { clientId: '', subjectType: 'enterprise', subjectId: '' }, secrets: {} }),
  Form({ draft, setDraft, editing, info }) {
    const config = draft.config;
    const set = (change: Partial<typeof config>) => setDraft({ ...draft, config: { ...config, ...change } });
    return (
      <>
        <BoxAppFields
          draft={draft}
          setDraft={setDraft}
          editing={editing}
          placeholder="Box — Marketing"
          step={6}
          secretWhere="Configuration tab › Fetch Client Secret (Box asks for two-step verification)."
        />
        <fieldset className="choice-row">
          <legend>Search as</legend>
          <label>
            <input
              type="radio"
              name="box-ccg-subject"
              checked={config.subjectType === 'enterprise'}
              onChange={() => set({ subjectType: 'enterprise' })}
            />{' '}
            The app's service account (enterprise)
          </label>
          <label>
            <input
              type="radio"
              name="box-ccg-subject"
              checked={config.subjectType === 'user'}
              onChange={() => set({ subjectType: 'user' })}
            />{' '}
            A managed user
          </label>
        </fieldset>
        <Field
          label={config.subjectType === 'enterprise' ? 'Enterprise ID' : 'User ID'}
          required
          value={config.subjectId}
          onChange={(subjectId) => set({ subjectId })}
          hint={
            config.subjectType === 'enterprise'
              ? 'Step 6: General Settings tab › Enterprise ID.'
              : 'Needs “Perform Actions as Users” and “Generate user access tokens” (step 3).'
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
      </>
    );
  },
};
