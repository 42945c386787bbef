import { AppError } from '../../shared/app-error';
import type { ProviderFactory } from '../provider';

// Replaced by the OneDrive provider work (issue 5).
export const oneDriveProvider: ProviderFactory<'onedrive'> = () => {
  throw new AppError({ code: 'not_available', message: 'OneDrive connections are not available in this build yet.' });
};
