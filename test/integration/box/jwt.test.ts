import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxJwtProvider, parseBoxConfigJson } from '../../../main/providers/box';
import type { Provider } from '../../../main/providers/provider';
import { boxConfigJson, generateJwtKeyPair, type FakeApp, type JwtKeyPair } from '../../fakes/box';
import { never, readAll, seedWorld, startHarness, type Harness, type World } from './harness';

let h: Harness;
let app: FakeApp;
let key: JwtKeyPair;
let world: World;

beforeAll(async () => {
  h = await startHarness();
  key = generateJwtKeyPair();
  app = h.box.state.addApp({ authMethod: 'jwt', publicKeys: [{ id: key.publicKeyId, pem: key.publicKeyPem }] });
  world = seedWorld(h.box, app.serviceAccountId, 120);
});
afterAll(() => h.close());

/** The way the wizard connects: import config.json, keep the secrets in the vault. */
function provider(): Provider {
  const { config, secrets } = parseBoxConfigJson(boxConfigJson(app, key));
  return boxJwtProvider({ config, context: h.context({ secrets }) });
}

describe('Box JWT server authentication, end to end against the fake', () => {
  it('imports config.json with an encrypted PKCS#8 key and reports what it found', () => {
    expect(key.privateKeyPem).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    const parsed = parseBoxConfigJson(boxConfigJson(app, key));
    expect(parsed.config).toEqual({ clientId: app.clientId, publicKeyId: key.publicKeyId, enterpriseId: app.enterpriseId });
    expect(parsed.secrets).toEqual({ clientSecret: app.clientSecret, privateKey: key.privateKeyPem, passphrase: key.passphrase });
    expect(parsed.found).toEqual(['Client ID', 'Client secret', 'Public key ID', 'Private key', 'Passphrase', 'Enterprise ID']);
  });

  it('test() gets a token with a signed assertion and names the service account', async () => {
    const report = await provider().test(never());
    const serviceLogin = h.box.state.serviceAccount(app).login;
    expect(report.details).toContainEqual({ label: 'Service account', value: serviceLogin, copyable: true });
    expect(report.visibleImages).toBe(world.visible.length);
  });

  it('searches across pages, and reuses its token', async () => {
    const p = provider();
    const before = h.box.state.counters.tokenRequests['urn:ietf:params:oauth:grant-type:jwt-bearer'] ?? 0;
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await p.search('file', cursor, never());
      names.push(...page.hits.map((hit) => hit.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(names.sort()).toEqual(world.visible.map((f) => f.name).sort());
    expect(h.box.state.counters.tokenRequests['urn:ietf:params:oauth:grant-type:jwt-bearer']).toBe(before + 1);
  });

  it('signs a fresh assertion (new jti) when Box drops the token, and carries on', async () => {
    const p = provider();
    await p.search('file-00', undefined, never());
    const before = h.box.state.counters.tokenRequests['urn:ietf:params:oauth:grant-type:jwt-bearer']!;
    h.box.state.expireAccessTokens();
    const page = await p.search('file-00', undefined, never());
    expect(page.hits).toHaveLength(10);
    // The fake rejects a reused jti, so success here means a new one was signed.
    expect(h.box.state.counters.tokenRequests['urn:ietf:params:oauth:grant-type:jwt-bearer']).toBe(before + 1);
    expect(h.box.state.usedJtis.size).toBeGreaterThanOrEqual(2);
  });

  it('returns thumbnails and originals', async () => {
    const file = world.visible[5]!;
    const p = provider();
    expect(Buffer.from(await p.thumbnailSource(file.id, never())).equals(Buffer.from(file.bytes))).toBe(true);
    const original = await p.original(file.id, never());
    expect(original.name).toBe(file.name);
    expect(Buffer.from(await readAll(original.body)).equals(Buffer.from(file.bytes))).toBe(true);
    expect(p.originalUrl(file.id)).toBe(`${h.box.appUrl}/file/${file.id}`);
  });
});
