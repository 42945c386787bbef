import type { HandlerTable } from '../ipc/handler-table';
import type { ImportQueue } from './import-queue';
import type { ProfileService } from './profile-service';

export interface ProfileHandlerServices {
  service: ProfileService;
  imports: ImportQueue;
}

export type ProfileChannel = 'profiles.export' | 'profiles.preview' | 'profiles.import' | 'profiles.pending';

/** The contract's `profiles.*` channels. */
export function createProfileHandlers(p: ProfileHandlerServices): Pick<HandlerTable, ProfileChannel> {
  return {
    'profiles.export': ({ id, passphrase }) => p.service.export(id, passphrase),
    'profiles.preview': ({ source }) => p.service.preview(source),
    'profiles.import': ({ source, passphrase, conflict }) => p.service.import(source, passphrase, conflict),
    'profiles.pending': ({ wait }, signal) => p.imports.next(wait ?? false, signal),
  };
}
