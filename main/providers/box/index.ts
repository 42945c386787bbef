import { AppError } from '../../shared/app-error';
import type { ProviderFactory } from '../provider';

// Replaced by the Box provider work (issue 4).
const notYet = (): never => {
  throw new AppError({ code: 'not_available', message: 'Box connections are not available in this build yet.' });
};
export const boxCcgProvider: ProviderFactory<'box-ccg'> = notYet;
export const boxJwtProvider: ProviderFactory<'box-jwt'> = notYet;
export const boxOAuthProvider: ProviderFactory<'box-oauth'> = notYet;
