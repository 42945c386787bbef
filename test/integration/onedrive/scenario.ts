import {
  startFakeMicrosoft,
  type FakeApp,
  type FakeItem,
  type FakeMicrosoft,
  type FakeTenant,
  type FakeUser,
  type StartFakeMicrosoftOptions,
} from '../../fakes/microsoft';
import type { OneDriveConfig } from './harness';

export const password = 'correct horse battery staple';

export interface Scenario {
  fake: FakeMicrosoft;
  tenant: FakeTenant;
  publicApp: FakeApp;
  webApp: FakeApp;
  ada: FakeUser;
  grace: FakeUser;
  items: {
    pictures: FakeItem;
    moodboard: FakeItem;
    sunsetBeach: FakeItem;
    sunsetCity: FakeItem;
    sunsetOutside: FakeItem;
    contentOnly: FakeItem;
    sunsetPdf: FakeItem;
    sunsetFolder: FakeItem;
    quoted: FakeItem;
    shared: FakeItem;
    graceOnly: FakeItem;
  };
  publicConfig(extra?: Partial<OneDriveConfig>): OneDriveConfig;
  webConfig(port: number, extra?: Partial<OneDriveConfig>): OneDriveConfig;
}

export const webSecret = 'Wq8~test.secret-value_0000000000000000';

/**
 * One tenant (Contoso), a public-client app (Mobile and desktop: http://localhost) and a
 * Web app with a secret, Ada's drive with images inside and outside "Pictures", and a file
 * Grace shares with Ada.
 */
export async function startScenario(options: StartFakeMicrosoftOptions = {}): Promise<Scenario> {
  // Strict rotation: a client that loses the rotated refresh token fails these tests.
  const fake = await startFakeMicrosoft({ spendRefreshTokens: true, ...options });
  const s = fake.state;
  const tenant = s.addTenant({ domain: 'contoso.onmicrosoft.com', name: 'Contoso' });
  const publicApp = s.addApp({ tenantId: tenant.id, publicClient: ['http://localhost'] });
  const webApp = s.addApp({
    tenantId: tenant.id,
    name: 'Skyhook Web',
    web: [],
    secrets: [{ value: webSecret, expiresOn: new Date(Date.now() + 90 * 86_400_000) }],
  });
  const ada = s.addUser({ tenantId: tenant.id, username: 'ada@contoso.onmicrosoft.com', displayName: 'Ada Lovelace', password });
  const grace = s.addUser({ tenantId: tenant.id, username: 'grace@contoso.onmicrosoft.com', displayName: 'Grace Hopper', password });

  const pictures = s.addFolder(ada, 'Pictures');
  const moodboard = s.addFolder(ada, 'Moodboard', pictures.id);
  const items = {
    pictures,
    moodboard,
    sunsetBeach: s.addFile(ada, {
      name: 'Sunset-Beach.jpg',
      parentId: pictures.id,
      bytes: Buffer.from('original bytes of the beach'),
      thumbnail: Buffer.from('thumbnail of the beach'),
    }),
    sunsetCity: s.addFile(ada, { name: 'sunset city.png', parentId: moodboard.id }),
    sunsetOutside: s.addFile(ada, { name: 'sunset-outside.png' }),
    contentOnly: s.addFile(ada, { name: 'quarterly-report.png', parentId: pictures.id, content: 'the sunset of the old product line' }),
    sunsetPdf: s.addFile(ada, { name: 'sunset-notes.docx', parentId: pictures.id }),
    sunsetFolder: s.addFolder(ada, 'sunset folder', pictures.id),
    quoted: s.addFile(ada, { name: "ada's sunset.gif", parentId: pictures.id }),
    shared: s.addFile(grace, { name: 'shared-sunset.jpg', bytes: Buffer.from('grace shares this') }),
    graceOnly: s.addFile(grace, { name: 'private-sunset.jpg' }),
  };
  s.share(items.shared, ada);

  return {
    fake,
    tenant,
    publicApp,
    webApp,
    ada,
    grace,
    items,
    publicConfig: (extra = {}) => ({ tenantId: tenant.id, clientId: publicApp.clientId, cloud: 'global', mode: 'public', ...extra }),
    webConfig: (port, extra = {}) => ({
      tenantId: tenant.id,
      clientId: webApp.clientId,
      cloud: 'global',
      mode: 'confidential',
      redirectPort: port,
      ...extra,
    }),
  };
}
