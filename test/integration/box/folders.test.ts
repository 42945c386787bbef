import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxCcgProvider } from '../../../main/providers/box';
import type { Provider } from '../../../main/providers/provider';
import { AppError } from '../../../main/shared/app-error';
import type { FakeApp } from '../../fakes/box';
import { ccgApp, never, startHarness, type Harness } from './harness';

let h: Harness;
let app: FakeApp;
let provider: Provider;
let brand: string;
let logos: string;

beforeAll(async () => {
  h = await startHarness();
  app = ccgApp(h.box);
  const { state } = h.box;
  const designer = state.addUser({ name: 'Dana Designer', login: 'dana@example.com', enterpriseId: state.enterpriseId });
  brand = state.addFolder({ name: 'Brand', ownerId: designer.id, sharedWith: [app.serviceAccountId] }).id;
  logos = state.addFolder({ name: 'Logos', ownerId: designer.id, parentId: brand }).id;
  state.addFolder({ name: 'Archive', ownerId: designer.id, parentId: brand });
  state.addFolder({ name: 'Private', ownerId: designer.id });
  state.addFile({ name: 'not-a-folder.png', bytes: new Uint8Array([1]), ownerId: designer.id, parentId: brand });
  provider = boxCcgProvider({
    config: { clientId: app.clientId, subjectType: 'enterprise', subjectId: app.enterpriseId },
    context: h.context({ secrets: { clientSecret: app.clientSecret } }),
  });
});
afterAll(() => h.close());

describe('browsing Box folders for the folder filter', () => {
  it('lists the folders shared with the service account at its root, and nothing private', async () => {
    expect(await provider.listFolders!(undefined, never())).toEqual([{ id: brand, name: 'Brand' }]);
  });

  it('lists only the subfolders of a folder, not its files', async () => {
    const names = (await provider.listFolders!(brand, never())).map((f) => f.name).sort();
    expect(names).toEqual(['Archive', 'Logos']);
    expect(await provider.listFolders!(logos, never())).toEqual([]);
  });

  it('refuses a folder ID that is not a Box ID', async () => {
    await expect(provider.listFolders!('../1', never())).rejects.toBeInstanceOf(AppError);
  });
});
