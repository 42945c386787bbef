import type { Confirmation } from '../ipc/ports';
import { AppError } from '../shared/app-error';
import type { ConnectionRecord } from '../settings/settings-store';

/**
 * Exporting secrets hands them to whoever gets the file and the passphrase, so it takes
 * more than a call from the page: the person at the computer confirms it in main (a native
 * dialog in the app, a printed question in the bridge), and never for a connection IT
 * manages. `confirm` is absent where nobody can be asked; then the answer is no.
 */
export async function approveSecretExport(
  record: Pick<ConnectionRecord, 'name' | 'managed'>,
  labels: string[],
  confirm: ((question: Confirmation) => Promise<boolean>) | undefined,
): Promise<void> {
  if (record.managed) {
    throw new AppError({
      code: 'managed_secrets',
      message: `${record.name} is managed by your organisation, so its secrets cannot be exported.`,
      fix: 'Share it without secrets; your IT team provides them on each computer.',
    });
  }
  const question: Confirmation = {
    title: 'Export secrets',
    message: `Include the secrets of ${record.name} in the profile?`,
    detail: `${labels.join(', ')} will be sealed with the passphrase. Anyone with the file and the passphrase can use them.`,
    confirmLabel: 'Include secrets',
  };
  const confirmed = confirm ? await confirm(question).catch(() => false) : false;
  if (!confirmed) {
    throw new AppError({
      code: 'export_not_confirmed',
      message: `The secrets of ${record.name} were not exported: the export was not confirmed.`,
      fix: 'Create the profile again and confirm in the window Skyhook shows, or share it without secrets.',
    });
  }
}
