import { call } from '../../api/client';
import { Field } from '../../components/Field';
import type { WizardDefinition } from '../types';
import { ConnectionNameField } from './shared-fields';

export const localWizard: WizardDefinition<'local'> = {
  kind: 'local',
  summary: 'Images in a folder on this computer or a mounted network drive.',
  fieldLabels: () => ({ name: 'Connection name', 'config.folder': 'Folder' }),
  stepFields: { folder: ['Folder'] },
  steps: [
    {
      id: 'folder',
      title: 'Pick the folder',
      body: (
        <p>
          Skyhook searches the folder and all its subfolders for jpg, png, gif, webp, svg, tiff, bmp and heic files. Nothing is copied or
          uploaded: results are read from the folder itself.
        </p>
      ),
    },
  ],
  emptyDraft: () => ({ kind: 'local', name: '', config: { folder: '' }, secrets: {} }),
  Form({ draft, setDraft, info }) {
    return (
      <>
        <ConnectionNameField draft={draft} setDraft={setDraft} placeholder="Team images" />
        <Field
          label="Folder"
          required
          value={draft.config.folder}
          placeholder={info.platform === 'win32' ? 'D:\\Images' : '/Users/me/Pictures'}
          hint={info.canPickFolder ? undefined : 'Type or paste the full path of the folder.'}
          onChange={(folder) => setDraft({ ...draft, config: { folder } })}
          trailing={
            info.canPickFolder && (
              <button
                type="button"
                onClick={() => {
                  void call('dialog.pickFolder', {}).then((folder) => folder && setDraft({ ...draft, config: { folder } }));
                }}
              >
                Choose…
              </button>
            )
          }
        />
      </>
    );
  },
};
