import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxCcgProvider, boxJwtProvider, boxOAuthProvider, parseBoxConfigJson } from '../../../main/providers/box';
import type { Provider } from '../../../main/providers/provider';
import { AppError } from '../../../main/shared/app-error';
import { answerAuthorizePage, boxConfigJson, generateJwtKeyPair, type FakeApp, type JwtKeyPair } from '../../fakes/box';
import type { AccessTokenRecord } from '../../fakes/box/state';
import { ccgApp, never, seedWorld, startHarness, type Harness, type World } from './harness';

/**
 * Every way a Box setup goes wrong, produced for real by the fake, must come back as an
 * AppError whose code says what happened and whose step is the wizard step that fixes it.
 */

let h: Harness;
let world: World;
let ccg: FakeApp;
let jwtKey: JwtKeyPair;
let jwt: FakeApp;
let oauth: FakeApp;
let port: number;
/** Every error seen, checked at the end for secrets. */
const seen: AppError[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

beforeAll(async () => {
  h = await startHarness();
  ccg = ccgApp(h.box);
  jwtKey = generateJwtKeyPair();
  jwt = h.box.state.addApp({ authMethod: 'jwt', publicKeys: [{ id: jwtKey.publicKeyId, pem: jwtKey.publicKeyPem }] });
  port = await freePort();
  oauth = h.box.state.addApp({ authMethod: 'oauth', redirectUris: [`http://127.0.0.1:${port}/callback`] });
  world = seedWorld(h.box, ccg.serviceAccountId, 3);
  h.box.state.browserUserId = world.designer.id;
});

afterAll(async () => {
  await h.close();
});

async function failure(run: Promise<unknown>): Promise<AppError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  seen.push(error as AppError);
  return error as AppError;
}

function ccgProvider(
  app: FakeApp,
  options: { secret?: string; clientId?: string; subjectType?: 'enterprise' | 'user'; subjectId?: string; folderId?: string } = {},
): Provider {
  return boxCcgProvider({
    config: {
      clientId: options.clientId ?? app.clientId,
      subjectType: options.subjectType ?? 'enterprise',
      subjectId: options.subjectId ?? app.enterpriseId,
      ...(options.folderId ? { folderId: options.folderId } : {}),
    },
    context: h.context({ secrets: { clientSecret: options.secret ?? app.clientSecret } }),
  });
}

function jwtProvider(
  app: FakeApp,
  key: JwtKeyPair,
  overrides: { enterpriseId?: string; publicKeyId?: string; secret?: string; passphrase?: string } = {},
): Provider {
  const { config, secrets } = parseBoxConfigJson(boxConfigJson(app, key));
  return boxJwtProvider({
    config: {
      ...config,
      ...(overrides.enterpriseId ? { enterpriseId: overrides.enterpriseId } : {}),
      ...(overrides.publicKeyId ? { publicKeyId: overrides.publicKeyId } : {}),
    },
    context: h.context({
      secrets: {
        ...secrets,
        ...(overrides.secret ? { clientSecret: overrides.secret } : {}),
        ...(overrides.passphrase ? { passphrase: overrides.passphrase } : {}),
      },
    }),
  });
}

describe('Client Credentials diagnostics', () => {
  it('unknown client ID → invalid_client, back to credentials', async () => {
    const error = await failure(ccgProvider(ccg, { clientId: 'nosuchclientid00000000000000000' }).test(never()));
    expect(error).toMatchObject({ code: 'invalid_client', step: 'credentials' });
  });

  it('wrong client secret → grant_rejected ("Grant credentials are invalid"), back to credentials', async () => {
    const error = await failure(ccgProvider(ccg, { secret: 'wrong-secret-value' }).test(never()));
    expect(error).toMatchObject({ code: 'grant_rejected', step: 'credentials' });
    expect(error.fix).toContain('Fetch Client Secret');
  });

  it('wrong enterprise ID → grant_rejected naming the enterprise', async () => {
    const error = await failure(ccgProvider(ccg, { subjectId: '424242' }).test(never()));
    expect(error).toMatchObject({ code: 'grant_rejected', step: 'credentials' });
    expect(error.message).toContain('424242');
  });

  it('user ID outside the enterprise → grant_rejected naming the user', async () => {
    const app = ccgApp(h.box, { generateUserAccessTokens: true });
    const error = await failure(ccgProvider(app, { subjectType: 'user', subjectId: '555' }).test(never()));
    expect(error).toMatchObject({ code: 'grant_rejected', step: 'credentials' });
    expect(error.message).toContain('user 555');
  });

  it('app not authorized by the admin → app_not_authorized, back to admin-authorize', async () => {
    const app = ccgApp(h.box, { authorizedByAdmin: false });
    const error = await failure(ccgProvider(app).test(never()));
    expect(error).toMatchObject({ code: 'app_not_authorized', step: 'admin-authorize' });
  });

  it('app made for another auth method → wrong_auth_method, back to auth-method', async () => {
    const error = await failure(ccgProvider(jwt).test(never()));
    expect(error).toMatchObject({ code: 'wrong_auth_method', step: 'auth-method' });
  });

  it('user subject without "Generate user access tokens" → user_tokens_disabled, back to scopes', async () => {
    const error = await failure(ccgProvider(ccg, { subjectType: 'user', subjectId: world.designer.id }).test(never()));
    expect(error).toMatchObject({ code: 'user_tokens_disabled', step: 'scopes' });
  });

  it('missing read scope → missing_scope on the search, back to scopes', async () => {
    const app = ccgApp(h.box, { readScope: false });
    const error = await failure(ccgProvider(app).test(never()));
    expect(error).toMatchObject({ code: 'missing_scope', step: 'scopes' });
    expect(h.box.state.requests.at(-1)).toMatchObject({ path: '/2.0/search' });
  });

  it('folder not shared with the service account → folder_not_found, back to share', async () => {
    const privateFolder = h.box.state.addFolder({ name: 'Secret', ownerId: world.designer.id });
    const error = await failure(ccgProvider(ccg, { folderId: privateFolder.id }).search('file', undefined, never()));
    expect(error).toMatchObject({ code: 'folder_not_found', step: 'share' });
    expect(error.message).toContain(privateFolder.id);
  });

  it('client secret missing from the vault → missing_secret, back to credentials', async () => {
    const p = boxCcgProvider({
      config: { clientId: ccg.clientId, subjectType: 'enterprise', subjectId: ccg.enterpriseId },
      context: h.context({ secrets: {} }),
    });
    const error = await failure(p.test(never()));
    expect(error).toMatchObject({ code: 'missing_secret', step: 'credentials' });
  });

  it('a token Box keeps rejecting, even fresh → token_rejected, back to admin-authorize', async () => {
    const app = ccgApp(h.box);
    const revokeAtOnce = (record: AccessTokenRecord) => {
      if (record.clientId === app.clientId) record.revoked = true;
    };
    h.box.state.events.on('token-issued', revokeAtOnce);
    const before = h.box.state.counters.tokenRequests.client_credentials ?? 0;
    const error = await failure(ccgProvider(app).search('file', undefined, never())).finally(() =>
      h.box.state.events.off('token-issued', revokeAtOnce),
    );
    expect(error).toMatchObject({ code: 'token_rejected', step: 'admin-authorize' });
    // One token, one renewal after the 401: no loop.
    expect(h.box.state.counters.tokenRequests.client_credentials).toBe(before + 2);
  });

  it('a file no longer shared → file_not_found, no step', async () => {
    const error = await failure(ccgProvider(ccg).original(world.hidden[0]!.id, never()));
    expect(error.code).toBe('file_not_found');
    expect(error.step).toBeUndefined();
  });

  it('a Box server error → box_unavailable, no step', async () => {
    // A 500 is retried (bounded): only one that persists reaches the person.
    h.box.state.failNext('/2.0/search', 500, 4);
    const error = await failure(ccgProvider(ccg).search('file', undefined, never()));
    expect(error.code).toBe('box_unavailable');
    expect(error.step).toBeUndefined();
  });

  it('an unreachable host → network, naming the host but not the query', async () => {
    const deadPort = await freePort();
    const p = boxCcgProvider({
      config: { clientId: ccg.clientId, subjectType: 'enterprise', subjectId: ccg.enterpriseId },
      context: {
        ...h.context({ secrets: { clientSecret: ccg.clientSecret } }),
        endpoints: { ...h.context({ secrets: {} }).endpoints, boxApi: `http://127.0.0.1:${deadPort}` },
      },
    });
    const error = await failure(p.search('secret-project', undefined, never()));
    expect(error.code).toBe('network');
    expect(error.message).toContain(`127.0.0.1:${deadPort}`);
    expect(error.message).not.toContain('secret-project');
    expect(error.message).not.toContain('oauth2');
  });
});

describe('JWT diagnostics', () => {
  it('client secret not accepted → invalid_client, back to config-file', async () => {
    const error = await failure(jwtProvider(jwt, jwtKey, { secret: 'not-the-secret' }).test(never()));
    expect(error).toMatchObject({ code: 'invalid_client', step: 'config-file' });
  });

  it('JWT against a CCG app → wrong_auth_method, back to create-app', async () => {
    const app = ccgApp(h.box, { publicKeys: [{ id: jwtKey.publicKeyId, pem: jwtKey.publicKeyPem }] });
    const error = await failure(jwtProvider(app, jwtKey).test(never()));
    expect(error).toMatchObject({ code: 'wrong_auth_method', step: 'create-app' });
  });

  it("wrong enterprise ID → wrong_enterprise_id (the 'sub' claim), back to config-file", async () => {
    const error = await failure(jwtProvider(jwt, jwtKey, { enterpriseId: '31337' }).test(never()));
    expect(error).toMatchObject({ code: 'wrong_enterprise_id', step: 'config-file' });
    expect(error.message).toContain('31337');
  });

  it('public key ID the app does not have → jwt_key_unknown, back to config-file', async () => {
    const error = await failure(jwtProvider(jwt, jwtKey, { publicKeyId: 'deadbeef' }).test(never()));
    expect(error).toMatchObject({ code: 'jwt_key_unknown', step: 'config-file' });
    expect(error.message).toContain('deadbeef');
  });

  it('private key that does not match the registered public key → jwt_key_mismatch, back to keypair', async () => {
    const otherKey = { ...generateJwtKeyPair(), publicKeyId: jwtKey.publicKeyId };
    const error = await failure(jwtProvider(jwt, otherKey).test(never()));
    expect(error).toMatchObject({ code: 'jwt_key_mismatch', step: 'keypair' });
  });

  it('app not authorized by the admin → app_not_authorized, back to admin-authorize', async () => {
    const key = generateJwtKeyPair();
    const app = h.box.state.addApp({
      authMethod: 'jwt',
      authorizedByAdmin: false,
      publicKeys: [{ id: key.publicKeyId, pem: key.publicKeyPem }],
    });
    const error = await failure(jwtProvider(app, key).test(never()));
    expect(error).toMatchObject({ code: 'app_not_authorized', step: 'admin-authorize' });
  });

  it.each([
    ['behind', 120],
    ['ahead', -120],
  ])("this computer's clock %s of Box's → clock_skew ('exp' claim), no step", async (_, skew) => {
    h.box.state.clockSkewSeconds = skew;
    try {
      const error = await failure(jwtProvider(jwt, jwtKey).test(never()));
      expect(error.code).toBe('clock_skew');
      expect(error.step).toBeUndefined();
    } finally {
      h.box.state.clockSkewSeconds = 0;
    }
  });

  it('wrong passphrase → jwt_private_key, back to config-file', async () => {
    const error = await failure(jwtProvider(jwt, jwtKey, { passphrase: 'not-the-passphrase' }).test(never()));
    expect(error).toMatchObject({ code: 'jwt_private_key', step: 'config-file' });
  });
});

describe('OAuth 2.0 diagnostics', () => {
  function oauthProvider(
    options: { secret?: string; consent?: 'grant' | 'deny'; browser?: (url: string) => Promise<void>; folderId?: string } = {},
  ) {
    const context = h.context({
      secrets: { clientSecret: options.secret ?? oauth.clientSecret },
      openExternal:
        options.browser ??
        (async (url) => {
          void answerAuthorizePage(url, options.consent ?? 'grant').catch(() => undefined);
        }),
    });
    return boxOAuthProvider({
      config: { clientId: oauth.clientId, redirectPort: port, ...(options.folderId ? { folderId: options.folderId } : {}) },
      context,
    });
  }

  it('not signed in yet → needs_sign_in, back to sign-in', async () => {
    const error = await failure(oauthProvider().test(never()));
    expect(error).toMatchObject({ code: 'needs_sign_in', step: 'sign-in' });
  });

  it('wrong client secret at the code exchange → invalid_client, back to credentials', async () => {
    const error = await failure(oauthProvider({ secret: 'wrong-oauth-secret' }).auth!.signIn(never()));
    expect(error).toMatchObject({ code: 'invalid_client', step: 'credentials' });
  });

  it('the person denies access → sign_in_refused, back to sign-in', async () => {
    const error = await failure(oauthProvider({ consent: 'deny' }).auth!.signIn(never()));
    expect(error).toMatchObject({ code: 'sign_in_refused', step: 'sign-in' });
    expect(error.message).toContain('The user denied access to your application');
  });

  it('a code older than 30 seconds → sign_in_failed, back to sign-in', async () => {
    const slowBrowser = async (url: string) => {
      const page = await (await fetch(url)).text();
      const form = new URLSearchParams();
      for (const input of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
        form.set(
          input[1]!,
          input[2]!.replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c))),
        );
      form.set('consent', 'grant');
      const decision = await fetch(new URL('/api/oauth2/authorize', url), { method: 'POST', body: form, redirect: 'manual' });
      h.box.state.clockSkewSeconds = 31; // the code is now past its 30 seconds
      void fetch(decision.headers.get('location')!).catch(() => undefined);
    };
    try {
      const error = await failure(oauthProvider({ browser: slowBrowser }).auth!.signIn(never()));
      expect(error).toMatchObject({ code: 'sign_in_failed', step: 'sign-in' });
    } finally {
      h.box.state.clockSkewSeconds = 0;
    }
  });

  it('the refresh token was revoked elsewhere → needs_sign_in, and the state says so', async () => {
    const p = oauthProvider();
    await p.auth!.signIn(never());
    for (const record of h.box.state.refreshTokens.values()) record.revoked = true;
    h.box.state.expireAccessTokens();
    const error = await failure(p.search('file', undefined, never()));
    expect(error).toMatchObject({ code: 'needs_sign_in', step: 'sign-in' });
    expect(await p.auth!.state()).toEqual({ state: 'needs-sign-in' });
  });

  it('the redirect port is taken → port_in_use, back to redirect', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const error = await failure(oauthProvider().auth!.signIn(never()));
      expect(error).toMatchObject({ code: 'port_in_use', step: 'redirect' });
      expect(error.fix).toContain(String(port));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('missing read scope → missing_scope, back to scopes', async () => {
    const p = oauthProvider();
    await p.auth!.signIn(never());
    oauth.readScope = false;
    try {
      const error = await failure(p.search('file', undefined, never()));
      expect(error).toMatchObject({ code: 'missing_scope', step: 'scopes' });
    } finally {
      oauth.readScope = true;
    }
  });
});

describe('no secret in any message', () => {
  it('no error message, fix or log line carries a secret or token', () => {
    expect(seen.length).toBeGreaterThanOrEqual(20);
    const secrets = [
      ...h.box.state.apps.map((app) => app.clientSecret),
      jwtKey.passphrase,
      ...jwtKey.privateKeyPem.split('\n').filter((line) => line.length > 40),
      ...h.box.state.accessTokens.keys(),
      ...h.box.state.refreshTokens.keys(),
      ...h.box.state.codes.keys(),
      'wrong-secret-value',
      'not-the-secret',
      'not-the-passphrase',
      'wrong-oauth-secret',
    ];
    const texts = [...seen.flatMap((e) => [e.message, e.fix ?? '', JSON.stringify(e.toShape())]), ...h.logLines];
    for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
