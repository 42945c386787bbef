import type { FakeMicrosoftState, FakeUser } from './state';

/** Fixed IDs so scripts and e2e tests can fill the wizard without reading the fake. */
export const demo = {
  tenantId: '7b1f3c7e-5a4e-4c38-9a43-2f0d5c1e8b11',
  tenantDomain: 'contoso.onmicrosoft.com',
  publicClientId: '6731de76-14a6-49ae-97bc-6eba6914391e',
  webClientId: 'b3a9f0c2-8d4e-4f6a-9c1b-2e7d5a8f3c40',
  /** A fake's secret: it opens nothing but this fake. */
  webClientSecret: 'Fake~Secret.Value_0123456789abcdefghij',
  webRedirectUri: 'http://localhost:53683/onedrive/callback',
  password: 'skyhook-demo',
  users: { ada: 'ada@contoso.onmicrosoft.com', grace: 'grace@contoso.onmicrosoft.com' },
} as const;

export const demoImageNames = [
  'sunset-beach.jpg',
  'sunset-city.png',
  'mountain-lake.jpg',
  'logo-primary.svg',
  'logo-dark.png',
  'moodboard-autumn.webp',
  'team-offsite-2024.jpg',
  'product-shot-01.png',
  'product-shot-02.png',
  'hero-banner.jpg',
  'brand-colours.png',
  'shared-campaign-visual.jpg',
];

export interface DemoSeed {
  folderId: string;
  ada: FakeUser;
  grace: FakeUser;
}

/**
 * Demo directory and drives: one tenant, a public-client app (Mobile and desktop,
 * http://localhost) and a Web app with a secret, two users, folders, images, a
 * non-image, a file that matches "sunset" only by its content, and items Grace shares with Ada.
 */
export function seedDemo(state: FakeMicrosoftState, images: Map<string, Buffer> = new Map()): DemoSeed {
  const tenant = state.addTenant({ id: demo.tenantId, domain: demo.tenantDomain, name: 'Contoso' });
  state.addApp({
    tenantId: tenant.id,
    clientId: demo.publicClientId,
    name: 'OneDrive Skyhook Connector',
    publicClient: ['http://localhost'],
  });
  state.addApp({
    tenantId: tenant.id,
    clientId: demo.webClientId,
    name: 'OneDrive Skyhook Connector (Web)',
    web: [demo.webRedirectUri],
    secrets: [{ value: demo.webClientSecret, expiresOn: new Date(Date.now() + 365 * 24 * 3600 * 1000) }],
  });
  const ada = state.addUser({ tenantId: tenant.id, username: demo.users.ada, displayName: 'Ada Lovelace', password: demo.password });
  const grace = state.addUser({ tenantId: tenant.id, username: demo.users.grace, displayName: 'Grace Hopper', password: demo.password });

  const file = (owner: FakeUser, name: string, parentId?: string, content = '') =>
    state.addFile(owner, {
      name,
      ...(parentId ? { parentId } : {}),
      ...(images.has(name) ? { bytes: images.get(name), thumbnail: images.get(name) } : {}),
      content,
    });

  const pictures = state.addFolder(ada, 'Pictures');
  const moodboard = state.addFolder(ada, 'Moodboard', pictures.id);
  const brand = state.addFolder(ada, 'Brand');
  file(ada, 'sunset-beach.jpg', pictures.id);
  file(ada, 'sunset-city.png', moodboard.id);
  file(ada, 'mountain-lake.jpg', pictures.id);
  file(ada, 'moodboard-autumn.webp', moodboard.id);
  file(ada, 'team-offsite-2024.jpg', pictures.id);
  file(ada, 'logo-primary.svg', brand.id);
  file(ada, 'logo-dark.png', brand.id);
  file(ada, 'brand-colours.png', brand.id);
  file(ada, 'hero-banner.jpg');
  file(ada, 'product-shot-01.png');
  file(ada, 'product-shot-02.png');
  file(ada, 'quarterly-report.png', undefined, 'Slides about the sunset of the old product line');
  file(ada, 'sunset-notes.docx', pictures.id);

  const campaign = state.addFolder(grace, 'Campaign');
  state.share(file(grace, 'shared-campaign-visual.jpg', campaign.id), ada);
  file(grace, 'private-sunset.jpg');
  return { folderId: pictures.id, ada, grace };
}
