import type { ConnectionKind } from '../../../preload/connection-kinds';
import { boxCcgWizard } from './kinds/box-ccg';
import { boxJwtWizard } from './kinds/box-jwt';
import { boxOAuthWizard } from './kinds/box-oauth';
import { localWizard } from './kinds/local';
import { oneDriveWizard } from './kinds/onedrive';
import type { WizardDefinition } from './types';

export const wizards: { [K in ConnectionKind]: WizardDefinition<K> } = {
  'box-ccg': boxCcgWizard,
  'box-jwt': boxJwtWizard,
  'box-oauth': boxOAuthWizard,
  onedrive: oneDriveWizard,
  local: localWizard,
};

export const wizardOrder: ConnectionKind[] = ['box-ccg', 'box-jwt', 'box-oauth', 'onedrive', 'local'];
