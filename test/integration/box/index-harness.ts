import { boxCcgProvider } from '../../../main/providers/box';
import type { IndexSource } from '../../../main/index/index-source';
import type { FakeApp, FakeUser } from '../../fakes/box';
import { ccgApp, startHarness, type Harness } from './harness';

export interface IndexWorld {
  h: Harness;
  app: FakeApp;
  designer: FakeUser;
  /** The index source of a CCG connection (service account), limited to `folderId` when given. */
  source(folderId?: string): IndexSource;
}

/** A fake Box with a CCG app and a designer who shares folders with its service account. */
export async function startIndexWorld(): Promise<IndexWorld> {
  const h = await startHarness();
  const app = ccgApp(h.box);
  const designer = h.box.state.addUser({ name: 'Dana Designer', login: 'dana@example.com', enterpriseId: h.box.state.enterpriseId });
  return {
    h,
    app,
    designer,
    source(folderId) {
      const provider = boxCcgProvider({
        config: { clientId: app.clientId, subjectType: 'enterprise', subjectId: app.enterpriseId, ...(folderId ? { folderId } : {}) },
        context: h.context({ secrets: { clientSecret: app.clientSecret } }),
      });
      return provider.indexSource!();
    },
  };
}
