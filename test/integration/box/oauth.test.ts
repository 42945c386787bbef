import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxOAuthProvider } from '../../../main/providers/box';
import type { Provider, ProviderContext } from '../../../main/providers/provider';
import { AppError } from '../../../main/shared/app-error';
import { answerAuthorizePage, type FakeApp } from '../../fakes/box';
import { never, readAll, seedWorld, startHarness, type Harness, type World } from './harness';

let h: Harness;
let app: FakeApp;
let world: World;
let port: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

beforeAll(async () => {
  h = await startHarness();
  port = await freePort();
  app = h.box.state.addApp({ authMethod: 'oauth', redirectUris: [`http://127.0.0.1:${port}/callback`] });
  world = seedWorld(h.box, 'nobody', 40);
  h.box.state.browserUserId = world.designer.id;
});
afterAll(() => h.close());

interface Session {
  provider: Provider;
  context: ProviderContext;
  opened: string[];
  /** The browser side of each sign-in (resolves with the callback page). */
  browser: Array<Promise<Response>>;
}

/** A connection whose "system browser" grants (or denies) access on the fake authorize page. */
function session(consent: 'grant' | 'deny' = 'grant', secret = app.clientSecret): Session {
  const opened: string[] = [];
  const browser: Array<Promise<Response>> = [];
  const context = h.context({
    secrets: { clientSecret: secret },
    openExternal: async (url) => {
      opened.push(url);
      // Like a real browser: openExternal returns at once, the person answers later.
      const answered = answerAuthorizePage(url, consent);
      answered.catch(() => undefined);
      browser.push(answered);
    },
  });
  return { provider: boxOAuthProvider({ config: { clientId: app.clientId, redirectPort: port }, context }), context, opened, browser };
}

async function signedIn(): Promise<Session> {
  const s = session();
  await s.provider.auth!.signIn(never());
  return s;
}

describe('Box OAuth 2.0, end to end against the fake', () => {
  it('signs in through the system browser and the loopback redirect', async () => {
    const s = session();
    expect(await s.provider.auth!.state()).toEqual({ state: 'needs-sign-in' });
    const account = await s.provider.auth!.signIn(never());
    expect(account).toBe(world.designer.login);

    const authorize = new URL(s.opened[0]!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${h.box.accountUrl}/api/oauth2/authorize`);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('client_id')).toBe(app.clientId);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/callback`);
    expect(authorize.searchParams.get('state')!.length).toBeGreaterThanOrEqual(16);

    const callbackPage = await s.browser[0]!;
    expect(await callbackPage.text()).toContain('You can close this tab and return to Skyhook');
    expect(await s.provider.auth!.state()).toEqual({ state: 'signed-in', account: world.designer.login });
    expect(h.box.state.counters.tokenRequests.authorization_code).toBeGreaterThanOrEqual(1);
  });

  it('binds the code to this sign-in with PKCE (S256): the fake redeems it only with the verifier', async () => {
    const s = await signedIn();
    const authorize = new URL(s.opened[0]!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const challenge = authorize.searchParams.get('code_challenge')!;
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const issued = [...h.box.state.codes.values()].find((c) => c.challenge?.value === challenge);
    expect(issued).toMatchObject({ used: true, challenge: { method: 'S256' } });

    // A code caught on its way through the browser, redeemed without the verifier (or with another one), is refused.
    const redeem = async (verifier?: string) => {
      const code = `stolen-${Math.random()}`;
      h.box.state.codes.set(code, {
        clientId: app.clientId,
        userId: world.designer.id,
        redirectUri: issued!.redirectUri,
        expiresAt: Date.now() + 30_000,
        used: false,
        challenge: issued!.challenge!,
      });
      const form = new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: app.clientId,
        client_secret: app.clientSecret,
        ...(verifier ? { code_verifier: verifier } : {}),
      });
      const response = await fetch(`${h.box.apiUrl}/oauth2/token`, { method: 'POST', body: form });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await redeem()).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await redeem('a'.repeat(43))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('test() shows who is signed in; search sees exactly what that person can see', async () => {
    const { provider } = await signedIn();
    const report = await provider.test(never());
    expect(report.details).toContainEqual({ label: 'Signed in as', value: world.designer.login, copyable: true });
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await provider.search('file', cursor, never());
      names.push(...page.hits.map((hit) => hit.name));
      cursor = page.nextCursor;
    } while (cursor);
    // The designer owns everything in the world except the outsider's file and the unindexed upload.
    const expected = [...world.visible, ...world.hidden].filter((f) => f.ownerId === world.designer.id && f.indexed);
    expect(names.sort()).toEqual(expected.map((f) => f.name).sort());
    expect(report.visibleImages).toBe(expected.length);
  });

  it('downloads thumbnails and originals with the user token', async () => {
    const { provider } = await signedIn();
    const file = world.visible[2]!;
    expect(Buffer.from(await provider.thumbnailSource(file.id, never())).equals(Buffer.from(file.bytes))).toBe(true);
    const original = await provider.original(file.id, never());
    expect(Buffer.from(await readAll(original.body)).equals(Buffer.from(file.bytes))).toBe(true);
  });

  it('refreshes an expiring access token once for two concurrent requests, rotating the refresh token', async () => {
    app.accessTokenExpiresIn = 30; // inside the renewal margin: the first call must refresh
    try {
      const { provider, context } = await signedIn();
      const stored = JSON.parse((await context.secrets.get('box.oauth.tokens'))!) as { refreshToken: string };
      const before = h.box.state.counters.refreshes;
      const [a, b] = await Promise.all([provider.search('file-01', undefined, never()), provider.search('file-02', undefined, never())]);
      expect(a.hits.length + b.hits.length).toBe(20);
      expect(h.box.state.counters.refreshes).toBe(before + 1);
      // Persisted before use, and the old refresh token is spent.
      const rotated = JSON.parse((await context.secrets.get('box.oauth.tokens'))!) as { refreshToken: string };
      expect(rotated.refreshToken).not.toBe(stored.refreshToken);
      expect(h.box.state.refreshTokens.get(stored.refreshToken)!.used).toBe(true);
    } finally {
      delete app.accessTokenExpiresIn;
    }
  });

  it('renews once when Box rejects the access token under two concurrent requests', async () => {
    const { provider } = await signedIn();
    await provider.search('file', undefined, never());
    h.box.state.expireAccessTokens();
    const before = h.box.state.counters.refreshes;
    const results = await Promise.all([provider.search('file-03', undefined, never()), provider.search('file-03', undefined, never())]);
    expect(results.map((r) => r.hits.length)).toEqual([10, 10]);
    expect(h.box.state.counters.refreshes).toBe(before + 1);
  });

  it('signs out by revoking the grant and forgetting the tokens', async () => {
    const { provider, context } = await signedIn();
    const stored = JSON.parse((await context.secrets.get('box.oauth.tokens'))!) as { refreshToken: string; accessToken: string };
    const before = h.box.state.counters.revocations;
    await provider.auth!.signOut();
    expect(h.box.state.counters.revocations).toBe(before + 1);
    expect(h.box.state.refreshTokens.get(stored.refreshToken)!.revoked).toBe(true);
    expect(h.box.state.accessTokens.get(stored.accessToken)!.revoked).toBe(true);
    expect(await context.secrets.get('box.oauth.tokens')).toBeUndefined();
    expect(await provider.auth!.state()).toEqual({ state: 'needs-sign-in' });
    const error = await provider.search('file', undefined, never()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'needs_sign_in', step: 'sign-in' });
  });

  it('cancels a sign-in nobody finishes, and frees the port', async () => {
    const controller = new AbortController();
    const context = h.context({
      secrets: { clientSecret: app.clientSecret },
      openExternal: async () => controller.abort(new Error('person closed the wizard')),
    });
    const p = boxOAuthProvider({ config: { clientId: app.clientId, redirectPort: port }, context });
    await expect(p.auth!.signIn(controller.signal)).rejects.toThrow('person closed the wizard');
    // The same port works again at once.
    await signedIn();
  });
});
