import type { ConnectionDraft } from '../../preload/connection-drafts';
import { consolePageUrl } from '../http/console-pages';
import type { HandlerTable } from '../ipc/handler-table';
import type { ConnectionRegistry } from './registry';
import type { SetupDraftStore } from './setup-drafts';

export interface SetupHandlerServices {
  registry: ConnectionRegistry;
  drafts: SetupDraftStore;
  openExternal(url: string): Promise<void>;
}

export type SetupChannel =
  | 'connections.test'
  | 'connections.save'
  | 'connections.signInAndTest'
  | 'connections.reopenSignIn'
  | 'connections.testSaved'
  | 'app.openConsole'
  | 'drafts.list'
  | 'drafts.put'
  | 'drafts.discard';

/**
 * The wizard's channels: testing and saving drafts (a new connection's secrets may be kept
 * with its setup draft rather than resent), signing in before saving, and the drafts.
 */
export function createSetupHandlers(s: SetupHandlerServices): Pick<HandlerTable, SetupChannel> {
  const isNew = (draft: ConnectionDraft) => !draft.id || !s.registry.records().some((r) => r.id === draft.id);
  const withKeptSecrets = async <D extends ConnectionDraft>(draft: D): Promise<D> => (isNew(draft) ? s.drafts.fill(draft) : draft);
  return {
    'connections.test': async (draft, signal) => s.registry.test(await withKeptSecrets(draft), signal),
    'connections.save': async (draft) => {
      const adding = isNew(draft);
      const saved = await s.registry.save(await withKeptSecrets(draft));
      // The setup is finished: its draft (and the secrets kept with it) go.
      if (adding) await s.drafts.discard(draft.kind);
      return saved;
    },
    'connections.signInAndTest': async (draft, signal) => s.registry.signInAndTest(await withKeptSecrets(draft), signal),
    'connections.reopenSignIn': async () => {
      await s.registry.reopenSignIn();
      return null;
    },
    'connections.testSaved': ({ id }, signal) => s.registry.testSaved(id, signal),
    'app.openConsole': async ({ page, cloud }) => {
      await s.openExternal(consolePageUrl(page, cloud));
      return null;
    },
    'drafts.list': async () => s.drafts.list(),
    'drafts.put': (input) => s.drafts.put(input),
    'drafts.discard': async ({ kind }) => {
      await s.drafts.discard(kind);
      return null;
    },
  };
}
