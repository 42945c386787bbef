import sharp from 'sharp';
import { generateJwtKeyPair, type JwtKeyPair } from './jwt-keys';
import type { FakeApp, FakeBoxState, FakeUser } from './state';

export interface DemoData {
  designer: FakeUser;
  ccg: FakeApp;
  jwt: FakeApp;
  jwtKey: JwtKeyPair;
  oauth: FakeApp;
  /** Names of the images the service accounts can find by searching "file". */
  sharedImages: string[];
  /** Shared too, but not in Box's search index yet: only a folder listing (the name index) finds them. */
  notYetSearchable: string[];
}

/** Fixed demo credentials, so screenshots and scripted runs can type them. */
export const demoCredentials = {
  ccgClientId: 'skyhookdemoccg000000000000000001',
  ccgClientSecret: 'demo-ccg-secret-7f3a',
  jwtClientId: 'skyhookdemojwt000000000000000002',
  jwtClientSecret: 'demo-jwt-secret-91bc',
  oauthClientId: 'skyhookdemooauth0000000000000003',
  oauthClientSecret: 'demo-oauth-secret-c24e',
};

const palette: Array<[string, string]> = [
  ['#1e90ff', '#ff6f61'],
  ['#2ecc71', '#145a32'],
  ['#f1c40f', '#e67e22'],
  ['#8e44ad', '#3498db'],
  ['#e84393', '#fdcb6e'],
  ['#00b894', '#0984e3'],
];

/** A small real image (so thumbnails and drags show something), different per name. */
export async function demoImage(name: string, index: number): Promise<Uint8Array> {
  const [from, to] = palette[index % palette.length]!;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
<rect width="640" height="480" fill="url(#g)"/>
<circle cx="${160 + ((index * 97) % 320)}" cy="${140 + ((index * 53) % 200)}" r="${60 + ((index * 31) % 80)}" fill="#fff" fill-opacity="0.45"/>
</svg>`;
  const image = sharp(Buffer.from(svg));
  const encoded = name.endsWith('.png') ? image.png() : image.jpeg({ quality: 85 });
  return new Uint8Array(await encoded.toBuffer());
}

/**
 * A designer's Box with brand folders shared with the CCG and JWT service accounts, one
 * upload not indexed yet, one private sketch, and three apps (one per auth mode).
 */
export async function seedDemo(state: FakeBoxState, options: { redirectUris?: string[] } = {}): Promise<DemoData> {
  const designer = state.addUser({ name: 'Dana Designer', login: 'dana.designer@example.com', enterpriseId: state.enterpriseId });
  state.browserUserId = designer.id;
  const ccg = state.addApp({
    name: 'Skyhook CCG demo',
    authMethod: 'ccg',
    clientId: demoCredentials.ccgClientId,
    clientSecret: demoCredentials.ccgClientSecret,
  });
  const jwtKey = generateJwtKeyPair('demo-passphrase');
  const jwt = state.addApp({
    name: 'Skyhook JWT demo',
    authMethod: 'jwt',
    clientId: demoCredentials.jwtClientId,
    clientSecret: demoCredentials.jwtClientSecret,
    publicKeys: [{ id: jwtKey.publicKeyId, pem: jwtKey.publicKeyPem }],
  });
  const oauth = state.addApp({
    name: 'Skyhook OAuth demo',
    authMethod: 'oauth',
    clientId: demoCredentials.oauthClientId,
    clientSecret: demoCredentials.oauthClientSecret,
    redirectUris: options.redirectUris ?? [],
    allowAnyLoopbackRedirect: !options.redirectUris?.length,
  });
  const serviceAccounts = [ccg.serviceAccountId, jwt.serviceAccountId];

  const brand = state.addFolder({ name: 'Brand Assets', ownerId: designer.id, sharedWith: serviceAccounts });
  const logos = state.addFolder({ name: 'Logos', ownerId: designer.id, parentId: brand.id });
  const campaign = state.addFolder({ name: 'Campaign 2024', ownerId: designer.id, sharedWith: serviceAccounts });
  const shared: Array<[string, string]> = [
    ['file-logo-primary.png', logos.id],
    ['file-logo-mono.png', logos.id],
    ['file-hero-banner.jpg', brand.id],
    ['file-product-shot.jpg', brand.id],
    ['file-campaign-poster.jpg', campaign.id],
    ['file-social-square.png', campaign.id],
  ];
  let index = 0;
  for (const [name, parentId] of shared) {
    // A minute apart, newest first as listed: Box's search and the name index rank the home
    // screen by time, and break a tie each in its own order.
    const modifiedAt = new Date(Date.UTC(2024, 2, 1, 17, 30) - index * 60_000).toISOString();
    state.addFile({ name, parentId, ownerId: designer.id, bytes: await demoImage(name, index++), modifiedAt });
  }
  state.addFile({
    name: 'file-just-uploaded.jpg',
    parentId: campaign.id,
    ownerId: designer.id,
    bytes: await demoImage('x.jpg', index),
    indexed: false,
  });
  state.addFile({ name: 'private-sketch.png', ownerId: designer.id, bytes: await demoImage('x.png', index + 1) });
  return { designer, ccg, jwt, jwtKey, oauth, sharedImages: shared.map(([name]) => name), notYetSearchable: ['file-just-uploaded.jpg'] };
}
