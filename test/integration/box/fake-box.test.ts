import { createPrivateKey, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateJwtKeyPair, startFakeBox, type FakeApp, type FakeBox, type JwtKeyPair } from '../../fakes/box';

/** The fake itself must behave like the reference says Box does; the provider tests rely on it. */

let box: FakeBox;
let ccg: FakeApp;
let jwt: FakeApp;
let key: JwtKeyPair;
let oauth: FakeApp;

beforeAll(async () => {
  box = await startFakeBox();
  ccg = box.state.addApp({ authMethod: 'ccg' });
  key = generateJwtKeyPair();
  jwt = box.state.addApp({ authMethod: 'jwt', publicKeys: [{ id: key.publicKeyId, pem: key.publicKeyPem }] });
  oauth = box.state.addApp({ authMethod: 'oauth', redirectUris: ['http://127.0.0.1:5000/callback'] });
  const owner = box.state.addUser({ name: 'Owner', enterpriseId: box.state.enterpriseId });
  box.state.browserUserId = owner.id;
  for (let i = 0; i < 250; i++) {
    box.state.addFile({ name: `pic-${i}.jpg`, bytes: new Uint8Array([i % 256]), ownerId: owner.id, sharedWith: [ccg.serviceAccountId] });
  }
});
afterAll(() => box.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

async function tokenFor(app: FakeApp): Promise<string> {
  const response = await fetch(`${box.apiUrl}/oauth2/token`, {
    method: 'POST',
    body: form({
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      box_subject_type: 'enterprise',
      box_subject_id: app.enterpriseId,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function get(path: string, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${box.apiUrl}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function assertion(
  overrides: { claims?: Record<string, unknown>; kid?: string; exp?: number; iat?: number; jti?: string; aud?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ box_sub_type: 'enterprise', ...overrides.claims })
    .setProtectedHeader({ alg: 'RS256', kid: overrides.kid ?? key.publicKeyId })
    .setIssuer(jwt.clientId)
    .setSubject(jwt.enterpriseId)
    .setAudience(overrides.aud ?? `${box.apiUrl}/oauth2/token`)
    .setJti(overrides.jti ?? randomBytes(20).toString('hex'))
    .setIssuedAt(overrides.iat ?? now)
    .setExpirationTime(overrides.exp ?? now + 30)
    .sign(createPrivateKey({ key: key.privateKeyPem, passphrase: key.passphrase }));
}

async function jwtToken(signed: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${box.apiUrl}/oauth2/token`, {
    method: 'POST',
    body: form({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: signed,
      client_id: jwt.clientId,
      client_secret: jwt.clientSecret,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('fake Box token endpoint', () => {
  it('issues CCG tokens without a refresh token, with expires_in not exactly 3600', async () => {
    const response = await fetch(`${box.apiUrl}/oauth2/token`, {
      method: 'POST',
      body: form({
        grant_type: 'client_credentials',
        client_id: ccg.clientId,
        client_secret: ccg.clientSecret,
        box_subject_type: 'enterprise',
        box_subject_id: ccg.enterpriseId,
      }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', restricted_to: [] });
    expect(body).not.toHaveProperty('refresh_token');
    expect(body.expires_in).toBeGreaterThanOrEqual(3600);
  });

  it('is not under /2.0', async () => {
    const response = await fetch(`${box.apiUrl}/2.0/oauth2/token`, { method: 'POST' });
    expect([404, 405]).toContain(response.status);
    expect(await response.json()).toMatchObject({ type: 'error' });
  });

  it('verifies JWT assertions: good one accepted, replayed jti / short jti / far exp / wrong aud / unknown kid refused', async () => {
    const jti = randomBytes(20).toString('hex');
    expect((await jwtToken(await assertion({ jti }))).status).toBe(200);
    expect((await jwtToken(await assertion({ jti }))).body.error_description).toContain("'jti'");
    expect((await jwtToken(await assertion({ jti: 'short' }))).body.error_description).toContain("'jti'");
    const now = Math.floor(Date.now() / 1000);
    expect((await jwtToken(await assertion({ iat: now, exp: now + 90 }))).body.error_description).toContain('60 seconds');
    expect((await jwtToken(await assertion({ aud: 'https://api.box.com/oauth2/token' }))).body.error_description).toContain("'aud'");
    expect((await jwtToken(await assertion({ kid: 'nope' }))).body).toEqual({
      error: 'invalid_grant',
      error_description: 'kid invalid, unable to lookup correct key',
    });
  });
});

describe('fake Box API', () => {
  it('answers a bad token with 401 and a ClientError body', async () => {
    const { status, body } = await get('/2.0/users/me', 'not-a-token');
    expect(status).toBe(401);
    expect(body).toMatchObject({ type: 'error', status: 401, code: 'unauthorized' });
  });

  it('GET /users/me is the AutomationUser service account for an enterprise token', async () => {
    const { body } = await get('/2.0/users/me', await tokenFor(ccg));
    expect(body.login).toMatch(/^AutomationUser_\d+_[0-9a-z]+@boxdevedition\.com$/);
  });

  it('search requires a query, defaults to 30, clamps limit to 200 and refuses offset > 10000', async () => {
    const token = await tokenFor(ccg);
    const missing = await get('/2.0/search', token);
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('missing_parameter');
    expect((await get('/2.0/search?query=pic', token)).body).toMatchObject({ limit: 30, offset: 0, total_count: 250 });
    const clamped = await get('/2.0/search?query=pic&limit=500', token);
    expect(clamped.body.limit).toBe(200);
    expect((clamped.body.entries as unknown[]).length).toBe(200);
    expect((await get('/2.0/search?query=pic&offset=10001', token)).status).toBe(400);
  });

  it('returns only the mini fields plus the requested ones when fields is given', async () => {
    const token = await tokenFor(ccg);
    const { body } = await get('/2.0/search?query=pic-1&limit=1&fields=size', token);
    const entry = (body.entries as Array<Record<string, unknown>>)[0]!;
    expect(Object.keys(entry).sort()).toEqual(['etag', 'file_version', 'id', 'name', 'sequence_id', 'sha1', 'size', 'type']);
  });

  it('counts rate-limited searches with the exact 429 body', async () => {
    const token = await tokenFor(ccg);
    box.state.rateLimitSearches(1, 7);
    const response = await fetch(`${box.apiUrl}/2.0/search?query=pic`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({
      type: 'error',
      status: 429,
      code: 'rate_limit_exceeded',
      help_url: 'http://developers.box.com/docs/#errors',
      message: 'Request rate limit exceeded, please try again later',
      request_id: 'abcdef123456',
    });
  });
});

describe('fake Box authorize page', () => {
  const authorize = (params: Record<string, string>) => fetch(`${box.accountUrl}/api/oauth2/authorize?${new URLSearchParams(params)}`);

  it('shows an error page for an unknown client or an unregistered redirect URI', async () => {
    const unknown = await authorize({
      response_type: 'code',
      client_id: 'nope',
      redirect_uri: 'http://127.0.0.1:5000/callback',
      state: 's',
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('invalid_client');
    const mismatch = await authorize({
      response_type: 'code',
      client_id: oauth.clientId,
      redirect_uri: 'http://127.0.0.1:6000/callback',
      state: 's',
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('redirect_uri_mismatch');
  });

  it('grants a single-use code that redirects with the state, and rotates refresh tokens', async () => {
    const page = await authorize({
      response_type: 'code',
      client_id: oauth.clientId,
      redirect_uri: 'http://127.0.0.1:5000/callback',
      state: 'xyz',
    });
    expect(await page.text()).toContain('Grant access to Box');
    const decision = await fetch(`${box.accountUrl}/api/oauth2/authorize`, {
      method: 'POST',
      body: form({
        response_type: 'code',
        client_id: oauth.clientId,
        redirect_uri: 'http://127.0.0.1:5000/callback',
        state: 'xyz',
        consent: 'grant',
      }),
      redirect: 'manual',
    });
    const location = new URL(decision.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('xyz');
    const code = location.searchParams.get('code')!;
    const exchange = () =>
      fetch(`${box.apiUrl}/oauth2/token`, {
        method: 'POST',
        body: form({ grant_type: 'authorization_code', code, client_id: oauth.clientId, client_secret: oauth.clientSecret }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, string> }));
    const first = await exchange();
    expect(first.body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect((await exchange()).status).toBe(400);

    const refresh = (token: string) =>
      fetch(`${box.apiUrl}/oauth2/token`, {
        method: 'POST',
        body: form({ grant_type: 'refresh_token', refresh_token: token, client_id: oauth.clientId, client_secret: oauth.clientSecret }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, string> }));
    const rotated = await refresh(first.body.refresh_token!);
    expect(rotated.body.refresh_token).toBeDefined();
    expect(await refresh(first.body.refresh_token!)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid refresh token' },
    });
  });
});
