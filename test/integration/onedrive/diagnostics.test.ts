import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confidentialRedirectUri } from '../../../main/providers/onedrive';
import { fakeBrowser, freePort, makeProvider, never, redirectPortOf, signedInProvider, TestVault } from './harness';
import { password, startScenario, webSecret, type Scenario } from './scenario';

const connectionId = 'c0ffee00-0000-4000-8000-000000000001';

describe('OneDrive diagnostics against the fake Microsoft', () => {
  let sc: Scenario;
  const vaults: TestVault[] = [];
  const newVault = () => {
    const vault = new TestVault();
    vaults.push(vault);
    return vault;
  };
  /** A provider Ada has signed in to through the fake's pages (config: the public client unless given). */
  const adaSignedIn = (config = sc.publicConfig(), vault: TestVault = newVault()) =>
    signedInProvider({ fake: sc.fake, vault, config, username: sc.ada.username, password });

  beforeAll(async () => {
    sc = await startScenario();
  });
  afterAll(async () => {
    await sc.fake.close();
    for (const vault of vaults) vault.remove();
  });

  describe('registration check in test() without a user', () => {
    it('an unknown Application (client) ID → 700016 → ids', async () => {
      const provider = makeProvider({ fake: sc.fake, vault: newVault(), config: sc.publicConfig({ clientId: randomUUID() }) });
      await expect(provider.test(never)).rejects.toMatchObject({ code: 'app_not_found', step: 'ids' });
      expect(sc.fake.state.log.authorize.at(-1)?.aadsts).toBe(700016);
    });

    it('the app registered in another tenant → 700016 → ids', async () => {
      const other = sc.fake.state.addTenant({ domain: 'fabrikam.onmicrosoft.com' });
      const provider = makeProvider({ fake: sc.fake, vault: newVault(), config: sc.publicConfig({ tenantId: other.id }) });
      await expect(provider.test(never)).rejects.toMatchObject({ code: 'app_not_found', step: 'ids' });
    });

    it('an unknown tenant → 90002 → ids', async () => {
      const provider = makeProvider({ fake: sc.fake, vault: newVault(), config: sc.publicConfig({ tenantId: randomUUID() }) });
      await expect(provider.test(never)).rejects.toMatchObject({ code: 'tenant_not_found', step: 'ids' });
    });

    it('the redirect URI is not registered → 50011 → redirect', async () => {
      const app = sc.fake.state.addApp({ tenantId: sc.tenant.id, publicClient: ['https://example.com/callback'] });
      const provider = makeProvider({ fake: sc.fake, vault: newVault(), config: sc.publicConfig({ clientId: app.clientId }) });
      const error = await provider.test(never).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'redirect_uri_mismatch', step: 'redirect' });
      expect((error as { fix: string }).fix).toContain('Mobile and desktop applications, add http://localhost');
    });

    it('the confidential redirect URI (with its port and path) is not registered → 50011 → redirect', async () => {
      const app = sc.fake.state.addApp({
        tenantId: sc.tenant.id,
        web: ['http://localhost:1/other'],
        secrets: [{ value: 's', expiresOn: '2099-01-01' }],
      });
      const vault = newVault();
      await vault.open().scoped(`conn/${connectionId}/`).set('clientSecret', 's');
      const provider = makeProvider({ fake: sc.fake, vault, config: { ...sc.webConfig(40001), clientId: app.clientId } });
      const error = await provider.test(never).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'redirect_uri_mismatch', step: 'redirect' });
      expect((error as { fix: string }).fix).toContain(confidentialRedirectUri(40001));
    });

    it('no redirect URI at all → 500113 → redirect', async () => {
      const app = sc.fake.state.addApp({ tenantId: sc.tenant.id });
      const provider = makeProvider({ fake: sc.fake, vault: newVault(), config: sc.publicConfig({ clientId: app.clientId }) });
      await expect(provider.test(never)).rejects.toMatchObject({ code: 'no_redirect_uri', step: 'redirect' });
    });

    it('a single-tenant app used with "organizations" → 50194 at sign-in (shown in the browser)', async () => {
      const browser = fakeBrowser({ username: sc.ada.username, password });
      const provider = makeProvider({
        fake: sc.fake,
        vault: newVault(),
        config: sc.publicConfig({ tenantId: 'organizations' }),
        browser,
        options: { signInTimeoutMs: 1_000 },
      });
      // The registration itself answers fine: the app exists and the redirect URI matches.
      await expect(provider.test(never)).resolves.toMatchObject({ summary: expect.stringMatching(/registration is correct/) });
      await expect(provider.auth?.signIn(never)).rejects.toMatchObject({ code: 'sign_in_timeout', step: 'sign-in' });
      await browser.done;
      expect(browser.lastPage).toContain('AADSTS50194');
    });

    it('a tenant given by its domain works like its ID', async () => {
      const provider = await adaSignedIn(sc.publicConfig({ tenantId: 'contoso.onmicrosoft.com' }));
      expect((await provider.search('beach', undefined, never)).hits).toHaveLength(1);
    });

    it('signIn fails fast with the fix instead of opening Microsoft’s error page', async () => {
      const browser = fakeBrowser({ username: sc.ada.username, password });
      const provider = makeProvider({ fake: sc.fake, vault: newVault(), config: sc.publicConfig({ clientId: randomUUID() }), browser });
      await expect(provider.auth?.signIn(never)).rejects.toMatchObject({ code: 'app_not_found', step: 'ids' });
      expect(browser.opened).toEqual([]);
    });
  });

  describe('sign-in refusals', () => {
    it('redirect registered under Web while using the public setup → 7000218 → redirect', async () => {
      const app = sc.fake.state.addApp({ tenantId: sc.tenant.id, web: ['http://localhost'] });
      const browser = fakeBrowser({ username: sc.ada.username, password });
      const provider = makeProvider({ fake: sc.fake, vault: newVault(), config: sc.publicConfig({ clientId: app.clientId }), browser });
      await expect(provider.auth?.signIn(never)).rejects.toMatchObject({ code: 'redirect_is_web', step: 'redirect' });
    });

    it('a secret sent for a Mobile-and-desktop redirect → 700025 → redirect', async () => {
      const port = await freePort();
      const app = sc.fake.state.addApp({
        tenantId: sc.tenant.id,
        publicClient: [confidentialRedirectUri(port)],
        secrets: [{ value: webSecret, expiresOn: '2099-01-01' }],
      });
      const vault = newVault();
      await vault.open().scoped(`conn/${connectionId}/`).set('clientSecret', webSecret);
      const browser = fakeBrowser({ username: sc.ada.username, password });
      const provider = makeProvider({ fake: sc.fake, vault, config: { ...sc.webConfig(port), clientId: app.clientId }, browser });
      await expect(provider.auth?.signIn(never)).rejects.toMatchObject({ code: 'redirect_is_public', step: 'redirect' });
    });

    it('a wrong secret at sign-in → 7000215 → secret, and the secret never appears in the error', async () => {
      const port = await freePort();
      sc.webApp.web.push(confidentialRedirectUri(port));
      const vault = newVault();
      await vault.open().scoped(`conn/${connectionId}/`).set('clientSecret', 'wrong-secret-value');
      const browser = fakeBrowser({ username: sc.ada.username, password });
      const provider = makeProvider({ fake: sc.fake, vault, config: sc.webConfig(port), browser });
      const error = await provider.auth?.signIn(never).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'secret_invalid', step: 'secret' });
      const shown = JSON.stringify({ ...(error as object), message: (error as Error).message });
      expect(shown).not.toContain('wrong-secret-value');
    });

    it('declined consent → 65004 → sign-in', async () => {
      const app = sc.fake.state.addApp({ tenantId: sc.tenant.id, publicClient: ['http://localhost'], consent: 'user' });
      const browser = fakeBrowser({ username: sc.ada.username, password, consent: 'cancel' });
      const provider = makeProvider({ fake: sc.fake, vault: newVault(), config: sc.publicConfig({ clientId: app.clientId }), browser });
      await expect(provider.auth?.signIn(never)).rejects.toMatchObject({ code: 'consent_declined', step: 'sign-in' });
    });

    it('confidential: declined consent comes back through our listener → 65004 → sign-in', async () => {
      const port = await freePort();
      const app = sc.fake.state.addApp({
        tenantId: sc.tenant.id,
        web: [confidentialRedirectUri(port)],
        secrets: [{ value: webSecret, expiresOn: '2099-01-01' }],
        consent: 'user',
      });
      const vault = newVault();
      await vault.open().scoped(`conn/${connectionId}/`).set('clientSecret', webSecret);
      const browser = fakeBrowser({ username: sc.ada.username, password, consent: 'cancel' });
      const provider = makeProvider({ fake: sc.fake, vault, config: { ...sc.webConfig(port), clientId: app.clientId }, browser });
      await expect(provider.auth?.signIn(never)).rejects.toMatchObject({ code: 'consent_declined', step: 'sign-in' });
    });

    it('confidential: the fixed port is taken → port_in_use → redirect', async () => {
      const port = await freePort();
      const squatter = createServer().listen(port, '127.0.0.1');
      await once(squatter, 'listening');
      sc.webApp.web.push(confidentialRedirectUri(port));
      const vault = newVault();
      await vault.open().scoped(`conn/${connectionId}/`).set('clientSecret', webSecret);
      const browser = fakeBrowser({ username: sc.ada.username, password });
      const provider = makeProvider({ fake: sc.fake, vault, config: sc.webConfig(port), browser });
      try {
        await expect(provider.auth?.signIn(never)).rejects.toMatchObject({ code: 'port_in_use', step: 'redirect' });
        expect(browser.opened).toEqual([]);
      } finally {
        squatter.close();
      }
    });

    it('accepted consent signs in; revoked consent later → 65001 → permissions', async () => {
      const app = sc.fake.state.addApp({ tenantId: sc.tenant.id, publicClient: ['http://localhost'], consent: 'user' });
      const provider = await adaSignedIn(sc.publicConfig({ clientId: app.clientId }));
      expect((await provider.search('beach', undefined, never)).hits).toHaveLength(1);
      sc.fake.state.revokeConsent(app.clientId);
      sc.fake.state.expireAccessTokens();
      await expect(provider.search('beach', undefined, never)).rejects.toMatchObject({ code: 'consent_required', step: 'permissions' });
      expect(await provider.auth?.state()).toEqual({ state: 'needs-sign-in' });
    });

    it('a dead refresh token (70008) → needs_sign_in, and the connection shows "Sign in"', async () => {
      const provider = await adaSignedIn();
      sc.fake.state.revokeRefreshTokens();
      sc.fake.state.expireAccessTokens();
      await expect(provider.search('beach', undefined, never)).rejects.toMatchObject({ code: 'needs_sign_in', step: 'sign-in' });
      expect(await provider.auth?.state()).toEqual({ state: 'needs-sign-in' });
    });
  });

  describe('Graph errors', () => {
    it('401 even after a refresh → needs_sign_in', async () => {
      const provider = await adaSignedIn();
      const refreshes = sc.fake.state.log.refreshes;
      sc.fake.state.rejectTokens = true;
      try {
        await expect(provider.search('beach', undefined, never)).rejects.toMatchObject({ code: 'needs_sign_in', step: 'sign-in' });
        expect(sc.fake.state.log.refreshes).toBe(refreshes + 1);
      } finally {
        sc.fake.state.rejectTokens = false;
      }
    });

    it('403 accessDenied (no OneDrive access) → permissions', async () => {
      const provider = await adaSignedIn();
      const drive = sc.fake.state.driveOf(sc.ada);
      drive.denied = true;
      try {
        await expect(provider.search('beach', undefined, never)).rejects.toMatchObject({
          code: 'files_access_denied',
          step: 'permissions',
        });
      } finally {
        drive.denied = false;
      }
    });

    it('404 for the parent folder → folder, in search and in test()', async () => {
      const vault = newVault();
      await adaSignedIn(undefined, vault);
      const provider = makeProvider({ fake: sc.fake, vault, config: sc.publicConfig({ parentFolderId: '01NOTAFOLDERATALL' }) });
      await expect(provider.search('beach', undefined, never)).rejects.toMatchObject({ code: 'folder_not_found', step: 'folder' });
      await expect(provider.test(never)).rejects.toMatchObject({ code: 'folder_not_found', step: 'folder' });
    });

    it('a file ID given as parent folder → folder', async () => {
      const vault = newVault();
      await adaSignedIn(undefined, vault);
      const provider = makeProvider({ fake: sc.fake, vault, config: sc.publicConfig({ parentFolderId: sc.items.sunsetBeach.id }) });
      await expect(provider.test(never)).rejects.toMatchObject({ code: 'not_a_folder', step: 'folder' });
    });

    it('persistent 503 → service_unavailable after bounded retries', async () => {
      const provider = await adaSignedIn();
      sc.fake.state.throttle({ status: 503, retryAfter: 0, count: 10 });
      try {
        await expect(provider.search('beach', undefined, never)).rejects.toMatchObject({ code: 'service_unavailable' });
      } finally {
        sc.fake.state.throttles = [];
      }
    });

    it('an unreachable Graph host → network', async () => {
      const vault = newVault();
      const provider = await adaSignedIn(undefined, vault);
      expect(provider).toBeDefined();
      const port = await freePort();
      const offline = makeProvider({ fake: { ...sc.fake, graphUrl: `http://127.0.0.1:${port}` }, vault, config: sc.publicConfig() });
      await expect(offline.search('beach', undefined, never)).rejects.toMatchObject({ code: 'network' });
    });
  });

  describe('test() with a signed-in user', () => {
    it('reports the account, drive and what a test search sees', async () => {
      const provider = await adaSignedIn(sc.publicConfig({ parentFolderId: sc.items.pictures.id }));
      const report = await provider.test(never);
      expect(report.details).toEqual(
        expect.arrayContaining([
          { label: 'Signed in as', value: sc.ada.username },
          { label: 'Drive', value: 'OneDrive for Business' },
          { label: 'Parent folder', value: 'Pictures' },
          { label: 'Redirect URI', value: 'http://localhost', copyable: true },
        ]),
      );
      // Inside Pictures: Sunset-Beach.jpg, sunset city.png, quarterly-report.png, ada's sunset.gif.
      expect(report.visibleImages).toBe(4);
      expect(report.summary).toContain('4 images');
    });
  });

  describe('interactive sign-in control', () => {
    const listening = (port: string) =>
      new Promise<boolean>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });

    it('gives up after the timeout and closes MSAL’s loopback listener', async () => {
      const browser = fakeBrowser({ username: sc.ada.username, password, idle: true });
      const provider = makeProvider({
        fake: sc.fake,
        vault: newVault(),
        config: sc.publicConfig(),
        browser,
        options: { signInTimeoutMs: 300 },
      });
      await expect(provider.auth?.signIn(never)).rejects.toMatchObject({ code: 'sign_in_timeout', step: 'sign-in' });
      const port = redirectPortOf(browser.opened[0] ?? '');
      await expect.poll(() => listening(port)).toBe(false);
    });

    it('cancels on abort and closes the listener', async () => {
      const browser = fakeBrowser({ username: sc.ada.username, password, idle: true });
      const provider = makeProvider({ fake: sc.fake, vault: newVault(), config: sc.publicConfig(), browser });
      const controller = new AbortController();
      const signIn = provider.auth?.signIn(controller.signal);
      await expect.poll(() => browser.opened.length).toBe(1);
      const port = redirectPortOf(browser.opened[0] ?? '');
      expect(await listening(port)).toBe(true);
      controller.abort();
      await expect(signIn).rejects.toMatchObject({ code: 'cancelled' });
      await expect.poll(() => listening(port)).toBe(false);
    });

    it('confidential: cancels on abort and frees the fixed port', async () => {
      const port = await freePort();
      sc.webApp.web.push(confidentialRedirectUri(port));
      const vault = newVault();
      await vault.open().scoped(`conn/${connectionId}/`).set('clientSecret', webSecret);
      const browser = fakeBrowser({ username: sc.ada.username, password, idle: true });
      const provider = makeProvider({ fake: sc.fake, vault, config: sc.webConfig(port), browser });
      const controller = new AbortController();
      const signIn = provider.auth?.signIn(controller.signal);
      await expect.poll(() => browser.opened.length).toBe(1);
      controller.abort();
      await expect(signIn).rejects.toMatchObject({ code: 'cancelled' });
      await expect.poll(() => listening(String(port))).toBe(false);
    });

    it('a second sign-in replaces the account (switch account)', async () => {
      const browser = fakeBrowser({ username: sc.ada.username, password });
      const provider = makeProvider({ fake: sc.fake, vault: newVault(), config: sc.publicConfig(), browser });
      expect(await provider.auth?.signIn(never)).toBe(sc.ada.username);
      browser.script = { username: sc.grace.username, password };
      expect(await provider.auth?.signIn(never)).toBe(sc.grace.username);
      expect(await provider.auth?.state()).toEqual({ state: 'signed-in', account: sc.grace.username });
      expect((await provider.search('private', undefined, never)).hits.map((h) => h.name)).toEqual(['private-sunset.jpg']);
      expect(new URL(browser.opened[1] ?? '').searchParams.get('prompt')).toBe('select_account');
    });
  });
});
