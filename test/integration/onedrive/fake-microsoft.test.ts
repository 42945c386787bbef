import { createHash } from 'node:crypto';
import { PublicClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeBrowser, parseForm } from './harness';
import { password, startScenario, type Scenario } from './scenario';

/** The fake as if it were behind TLS: MSAL sees https, the wire is http on 127.0.0.1. */
function tlsShim(fakeHost: string, log: string[]): INetworkModule {
  const secure = fakeHost.replace('http://', 'https://');
  const toWire = (url: string) =>
    url
      .replace('https://login.microsoftonline.com/common/discovery/instance', `${fakeHost}/common/discovery/instance`)
      .replace(secure, fakeHost);
  const send = async <T>(url: string, init: RequestInit): Promise<NetworkResponse<T>> => {
    log.push(`${init.method} ${new URL(url).pathname}`);
    const response = await fetch(toWire(url), init);
    const text = (await response.text()).replaceAll(fakeHost, secure);
    return { status: response.status, headers: Object.fromEntries(response.headers), body: JSON.parse(text) as T };
  };
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      send<T>(url, { method: 'GET', headers: options?.headers ?? {} }),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      send<T>(url, { method: 'POST', headers: options?.headers ?? {}, body: options?.body ?? '' }),
  };
}

const form = (body: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(body).toString(),
});

describe('the fake Microsoft identity platform and Graph', () => {
  let sc: Scenario;
  beforeAll(async () => {
    sc = await startScenario();
  });
  afterAll(async () => {
    await sc.fake.close();
  });

  it('serves the discovery documents MSAL asks for when it knows nothing about the host', async () => {
    const log: string[] = [];
    const host = new URL(sc.fake.authorityHost).host;
    const pca = new PublicClientApplication({
      auth: { clientId: sc.publicApp.clientId, authority: `https://${host}/${sc.tenant.id}` },
      system: { networkClient: tlsShim(sc.fake.authorityHost, log) },
    });
    const browser = fakeBrowser({ username: sc.ada.username, password });
    const result = await pca.acquireTokenInteractive({
      scopes: ['Files.Read.All', 'User.Read', 'offline_access'],
      openBrowser: (url) => browser.openExternal(url.replace(`https://${host}`, sc.fake.authorityHost)),
    });
    expect(result.account?.username).toBe(sc.ada.username);
    expect(result.account?.homeAccountId).toBe(`${sc.ada.oid}.${sc.tenant.id}`);
    expect(result.idTokenClaims).toMatchObject({
      aud: sc.publicApp.clientId,
      tid: sc.tenant.id,
      oid: sc.ada.oid,
      preferred_username: sc.ada.username,
      ver: '2.0',
    });
    expect(log).toEqual([
      'GET /common/discovery/instance',
      `GET /${sc.tenant.id}/v2.0/.well-known/openid-configuration`,
      `POST /${sc.tenant.id}/oauth2/v2.0/token`,
    ]);
    // Scopes come back in the short form, so silent calls hit the cache.
    const silent = await pca.acquireTokenSilent({ account: result.account ?? never(), scopes: ['Files.Read.All'] });
    expect(silent.fromCache).toBe(true);
  });

  it('answers token errors with Microsoft’s AADSTS body', async () => {
    const response = await fetch(
      `${sc.fake.authorityHost}/${sc.tenant.id}/oauth2/v2.0/token`,
      form({
        client_id: sc.webApp.clientId,
        grant_type: 'client_credentials',
        scope: 'https://graph.microsoft.com/.default',
        client_secret: 'nope',
      }),
    );
    expect(response.status).toBe(401);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'correlation_id',
      'error',
      'error_codes',
      'error_description',
      'error_uri',
      'timestamp',
      'trace_id',
    ]);
    expect(body.error).toBe('invalid_client');
    expect(body.error_codes).toEqual([7000215]);
    expect(body.error_description).toMatch(
      /^AADSTS7000215: Invalid client secret provided\. .* Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
    );
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  });

  it('checks PKCE, the redirect URI and one-time use of codes', async () => {
    const verifier = 'v'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirectUri = 'http://localhost:45678';
    const authorize = new URL(`${sc.fake.authorityHost}/${sc.tenant.id}/oauth2/v2.0/authorize`);
    authorize.search = new URLSearchParams({
      client_id: sc.publicApp.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'Files.Read.All offline_access openid',
      state: 's1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    const signInPage = await (await fetch(authorize)).text();
    const login = parseForm(signInPage);
    expect(login?.fields.has('ctx')).toBe(true);
    const answer = await fetch(login?.action ?? '', {
      ...form({ ctx: login?.fields.get('ctx') ?? '', login: sc.ada.username, passwd: password }),
      redirect: 'manual',
    });
    // response_mode=query: a 302 to the redirect URI, which gains the slash a path-less URI lacks.
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${redirectUri}/`);
    expect(location.searchParams.get('state')).toBe('s1');
    expect(JSON.parse(Buffer.from(location.searchParams.get('client_info') ?? '', 'base64url').toString())).toEqual({
      uid: sc.ada.oid,
      utid: sc.tenant.id,
    });
    const code = location.searchParams.get('code') ?? '';
    const token = `${sc.fake.authorityHost}/${sc.tenant.id}/oauth2/v2.0/token`;
    const redeem = (extra: Record<string, string>) =>
      fetch(token, form({ client_id: sc.publicApp.clientId, grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...extra }));
    const codeOf = async (response: Response) => ((await response.json()) as { error_codes?: number[] }).error_codes?.[0];

    expect(await codeOf(await redeem({ code_verifier: 'w'.repeat(50) }))).toBe(501481);
    expect(await codeOf(await redeem({ code_verifier: verifier, redirect_uri: 'http://localhost:1' }))).toBe(500112);
    expect(await codeOf(await redeem({ code_verifier: verifier, client_secret: 'x' }))).toBe(700025);
    const ok = await redeem({ code_verifier: verifier });
    expect(ok.status).toBe(200);
    const tokens = (await ok.json()) as Record<string, string>;
    expect(tokens.scope).toBe('Files.Read.All openid');
    expect(tokens.refresh_token).toBeTruthy();
    expect(await codeOf(await redeem({ code_verifier: verifier }))).toBe(54005);
  });

  it('answers Graph errors with Graph’s error body', async () => {
    const noToken = await fetch(`${sc.fake.graphUrl}/v1.0/me/drive`);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toContain('Bearer');
    const body = (await noToken.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe('InvalidAuthenticationToken');
    expect(Object.keys(body.error.innerError).sort()).toEqual(['client-request-id', 'date', 'request-id']);
  });

  it('refuses an unbalanced quote in search(q=…) like Graph', async () => {
    const token = sc.fake.state.issueAccessToken({
      clientId: sc.publicApp.clientId,
      tenantId: sc.tenant.id,
      oid: sc.ada.oid,
      scopes: ['Files.Read.All'],
    });
    const response = await fetch(`${sc.fake.graphUrl}/v1.0/me/drive/root/search(q='it's')`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalidRequest');
  });

  it('redirects /content to the download host, which refuses an Authorization header', async () => {
    const token = sc.fake.state.issueAccessToken({
      clientId: sc.publicApp.clientId,
      tenantId: sc.tenant.id,
      oid: sc.ada.oid,
      scopes: ['Files.Read.All'],
    });
    const content = await fetch(`${sc.fake.graphUrl}/v1.0/me/drive/items/${sc.items.sunsetBeach.id}/content`, {
      headers: { authorization: `Bearer ${token}` },
      redirect: 'manual',
    });
    expect(content.status).toBe(302);
    const location = content.headers.get('location') ?? '';
    expect(location.startsWith(sc.fake.downloadUrl)).toBe(true);
    expect((await fetch(location, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect(await (await fetch(location)).text()).toBe('original bytes of the beach');
  });

  it('throttles on demand with Retry-After and activityLimitReached/throttledRequest', async () => {
    sc.fake.state.throttle({ status: 429, retryAfter: 7 });
    const response = await fetch(`${sc.fake.graphUrl}/v1.0/me`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    const body = (await response.json()) as { error: { code: string; innerError: { code: string } } };
    expect(body.error.code).toBe('activityLimitReached');
    expect(body.error.innerError.code).toBe('throttledRequest');
  });
});

function never(): never {
  throw new Error('unreachable');
}
