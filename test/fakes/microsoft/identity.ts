import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { aadsts, aadstsBody, aadstsErrorPage, page, type AadstsError } from './aadsts';
import { escapeHtml, readBody, redirect, sendHtml, sendJson } from './http';
import type { FakeApp, FakeMicrosoftState, FakeTenant, FakeUser } from './state';

const oidcScopes = new Set(['openid', 'profile', 'email', 'offline_access']);
const graphScopes = new Set(['Files.Read', 'Files.Read.All', 'Files.ReadWrite', 'Files.ReadWrite.All', 'User.Read', 'Sites.Read.All']);
const idTokenKey = 'fake-microsoft-id-token-signing-key';

/** What an authorize request asked for, kept while the user signs in and consents. */
interface PendingSignIn {
  tenantSegment: string;
  tenant: FakeTenant | undefined;
  app: FakeApp;
  redirectUri: string;
  platform: 'web' | 'public';
  responseMode: 'query' | 'fragment' | 'form_post';
  state: string | null;
  scopes: string[];
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  loginHint: string | null;
  prompt: string | null;
  user?: FakeUser;
}

type Route = { tenant: string; rest: string };

/**
 * The Microsoft identity platform v2 endpoints: discovery documents, the authorize page
 * (a real HTML form), the token endpoint, with AADSTS errors worded and shaped as Microsoft's.
 */
export function identityHandler(state: FakeMicrosoftState) {
  const pending = new Map<string, PendingSignIn>();
  const host = () => state.urls.authorityHost;

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const throttle = state.takeThrottle('identity');
    if (throttle) {
      await readBody(req);
      return sendJson(
        res,
        throttle.status,
        aadstsBody(
          {
            code: 90033,
            error: 'temporarily_unavailable',
            message: 'A transient error has occurred. Please try again.',
            status: throttle.status,
          },
          host(),
        ),
        {
          'retry-after': String(throttle.retryAfter),
        },
      );
    }
    const match = /^\/([^/]+)\/(.*)$/.exec(url.pathname);
    if (!match) return sendJson(res, 404, { error: 'not_found' });
    const route: Route = { tenant: decodeURIComponent(match[1] ?? ''), rest: match[2] ?? '' };
    const method = req.method ?? 'GET';

    if (method === 'GET' && route.tenant === 'common' && route.rest === 'discovery/instance') return instanceDiscovery(res, url);
    if (method === 'GET' && route.rest === 'v2.0/.well-known/openid-configuration') return openIdConfiguration(res, route.tenant);
    if (method === 'GET' && route.rest === 'discovery/v2.0/keys') return sendJson(res, 200, { keys: [] });
    if (method === 'GET' && route.rest === 'oauth2/v2.0/authorize') return authorize(res, route.tenant, url.searchParams);
    if (method === 'POST' && route.rest === 'login') return login(res, new URLSearchParams(await readBody(req)));
    if (method === 'POST' && route.rest === 'consent') return consent(res, new URLSearchParams(await readBody(req)));
    if (method === 'POST' && route.rest === 'oauth2/v2.0/token')
      return token(res, route.tenant, new URLSearchParams(await readBody(req)), url);
    if (method === 'GET' && route.rest === 'oauth2/v2.0/logout')
      return sendHtml(res, 200, page('Signed out', '<h1>You signed out of your account</h1>'));
    return sendJson(res, 404, { error: 'not_found' });
  };

  // ---- discovery -------------------------------------------------------------------------

  function instanceDiscovery(res: ServerResponse, url: URL): void {
    state.log.discovery.push(url.pathname + url.search);
    const endpoint = url.searchParams.get('authorization_endpoint') ?? '';
    const authority = /^(https?:\/\/[^/]+)\/([^/]+)\//.exec(endpoint);
    const self = new URL(host()).host;
    if (!authority || new URL(authority[1] ?? '').host !== self) {
      return sendJson(
        res,
        400,
        aadstsBody({ code: 50049, error: 'invalid_instance', message: 'Unknown or invalid instance.', status: 400 }, host()),
      );
    }
    sendJson(res, 200, {
      tenant_discovery_endpoint: `${host()}/${authority[2]}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: self, preferred_cache: self, aliases: [self] }],
    });
  }

  function openIdConfiguration(res: ServerResponse, segment: string): void {
    state.log.discovery.push(`/${segment}/v2.0/.well-known/openid-configuration`);
    const generic = ['common', 'organizations', 'consumers'].includes(segment);
    const tenant = generic ? undefined : state.tenantByIdOrDomain(segment);
    if (!generic && !tenant) return sendJson(res, 400, aadstsBody(aadsts.tenantNotFound(segment), host()));
    // Like Microsoft, a domain resolves to the tenant ID in every endpoint.
    const path = tenant?.id ?? segment;
    sendJson(res, 200, {
      token_endpoint: `${host()}/${path}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${host()}/${path}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${host()}/${tenant?.id ?? '{tenantid}'}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${state.urls.graphUrl}/oidc/userinfo`,
      authorization_endpoint: `${host()}/${path}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${host()}/${path}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${host()}/${path}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: new URL(state.urls.graphUrl).host,
      rbac_url: 'https://pas.windows.net',
    });
  }

  // ---- authorize -------------------------------------------------------------------------

  /** Tenant segment + client ID → the app, or the AADSTS error Microsoft shows for it. */
  function findApp(segment: string, clientId: string | null): { app: FakeApp; tenant: FakeTenant | undefined } | AadstsError {
    const generic = ['common', 'organizations', 'consumers'].includes(segment);
    const tenant = generic ? undefined : state.tenantByIdOrDomain(segment);
    if (!generic && !tenant) return aadsts.tenantNotFound(segment);
    if (!clientId) return aadsts.missingParameter('client_id');
    const app = state.app(clientId);
    if (!app || (tenant && app.tenantId !== tenant.id && !app.multiTenant)) return aadsts.appNotFound(clientId, tenant?.name ?? segment);
    return { app, tenant };
  }

  function authorize(res: ServerResponse, segment: string, q: URLSearchParams): void {
    const record = {
      clientId: q.get('client_id'),
      redirectUri: q.get('redirect_uri'),
      responseMode: q.get('response_mode'),
      prompt: q.get('prompt'),
      aadsts: 0,
    };
    state.log.authorize.push(record);
    const showError = (err: AadstsError) => {
      record.aadsts = err.code;
      sendHtml(res, 200, aadstsErrorPage(err, q.get('client-request-id') ?? undefined));
    };

    const found = findApp(segment, q.get('client_id'));
    if ('code' in found) return showError(found);
    const { app, tenant } = found;
    const redirectUri = q.get('redirect_uri');
    if (app.web.length + app.publicClient.length === 0) return showError(aadsts.noReplyAddress());
    if (!redirectUri) return showError(aadsts.missingParameter('redirect_uri'));
    const platform = platformOf(app, redirectUri);
    if (!platform) return showError(aadsts.redirectMismatch(redirectUri, app.clientId));
    const responseType = q.get('response_type');
    if (responseType !== 'code') {
      return showError({
        code: 700054,
        error: 'invalid_request',
        message: "response_type 'id_token' is not enabled for the application.",
        status: 400,
      });
    }

    const responseMode = (q.get('response_mode') ?? 'query') as PendingSignIn['responseMode'];
    const sign: PendingSignIn = {
      tenantSegment: segment,
      tenant,
      app,
      redirectUri,
      platform,
      responseMode: ['query', 'fragment', 'form_post'].includes(responseMode) ? responseMode : 'query',
      state: q.get('state'),
      scopes: (q.get('scope') ?? '').split(' ').filter(Boolean).map(shortScope),
      codeChallenge: q.get('code_challenge'),
      codeChallengeMethod: q.get('code_challenge_method'),
      loginHint: q.get('login_hint'),
      prompt: q.get('prompt'),
    };
    const badScope = sign.scopes.find((s) => !oidcScopes.has(s) && !graphScopes.has(s));
    if (sign.scopes.length === 0) return answerClient(res, sign, errorParams(aadsts.missingParameter('scope'), sign));
    if (badScope) return answerClient(res, sign, errorParams(aadsts.invalidScope(badScope), sign));

    const ctx = randomBytes(16).toString('base64url');
    pending.set(ctx, sign);
    sendHtml(res, 200, signInPage(ctx, sign));
  }

  function signInPage(ctx: string, sign: PendingSignIn, problem?: AadstsError): string {
    const accounts = state.users.filter((u) => !sign.tenant || u.tenantId === sign.tenant.id);
    const picker =
      sign.prompt === 'select_account' && accounts.length > 0
        ? `<h2>Pick an account</h2><ul class="accounts">${accounts.map((u) => `<li>${escapeHtml(u.displayName)} — ${escapeHtml(u.username)}</li>`).join('')}</ul>`
        : '';
    return page(
      'Sign in to your account',
      `<h1>Sign in</h1>
<p>to continue to <strong>${escapeHtml(sign.app.name)}</strong></p>
${picker}
${problem ? `<p class="error" role="alert">AADSTS${problem.code}: ${escapeHtml(problem.message)}</p>` : ''}
<form method="post" action="${escapeHtml(`${host()}/${encodeURIComponent(sign.tenantSegment)}/login`)}">
<input type="hidden" name="ctx" value="${escapeHtml(ctx)}">
<label for="login">Email, phone, or Skype</label>
<input id="login" name="login" type="email" autocomplete="username" value="${escapeHtml(sign.loginHint ?? '')}" required>
<label for="passwd">Password</label>
<input id="passwd" name="passwd" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`,
    );
  }

  function login(res: ServerResponse, form: URLSearchParams): void {
    const ctx = form.get('ctx') ?? '';
    const sign = pending.get(ctx);
    if (!sign)
      return sendHtml(
        res,
        400,
        aadstsErrorPage({
          code: 90015,
          error: 'invalid_request',
          message: 'Requested query string is too long or the sign-in session expired.',
          status: 400,
        }),
      );
    const user = state.userByName(form.get('login') ?? '');
    if (!user || user.password !== form.get('passwd')) return sendHtml(res, 200, signInPage(ctx, sign, aadsts.badPassword()));
    const { app, tenant } = sign;
    if (!tenant && !app.multiTenant && sign.tenantSegment !== 'consumers') {
      pending.delete(ctx);
      return sendHtml(res, 200, aadstsErrorPage(aadsts.notMultiTenant(app.clientId, app.name)));
    }
    if (tenant && user.tenantId !== tenant.id) {
      pending.delete(ctx);
      return sendHtml(res, 200, aadstsErrorPage(aadsts.userNotInTenant(user.username, tenant.name, app.clientId, app.name)));
    }
    sign.user = user;
    if (state.hasConsent(app, user.oid) && sign.prompt !== 'consent') return complete(res, ctx, sign, user);
    if (app.consent === 'admin-required') {
      pending.delete(ctx);
      return sendHtml(res, 200, aadstsErrorPage(aadsts.adminConsentRequired()));
    }
    sendHtml(res, 200, consentPage(ctx, sign));
  }

  function consentPage(ctx: string, sign: PendingSignIn): string {
    const asked = sign.scopes.filter((s) => graphScopes.has(s) || s === 'offline_access');
    return page(
      'Permissions requested',
      `<h1>Permissions requested</h1>
<p><strong>${escapeHtml(sign.app.name)}</strong> would like to:</p>
<ul class="perms">${asked.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
<form method="post" action="${escapeHtml(`${host()}/${encodeURIComponent(sign.tenantSegment)}/consent`)}">
<input type="hidden" name="ctx" value="${escapeHtml(ctx)}">
<button type="submit" name="decision" value="accept">Accept</button>
<button type="submit" name="decision" value="cancel" class="secondary">Cancel</button>
</form>`,
    );
  }

  function consent(res: ServerResponse, form: URLSearchParams): void {
    const ctx = form.get('ctx') ?? '';
    const sign = pending.get(ctx);
    if (!sign?.user)
      return sendHtml(
        res,
        400,
        aadstsErrorPage({ code: 90015, error: 'invalid_request', message: 'The sign-in session expired.', status: 400 }),
      );
    if (form.get('decision') !== 'accept') {
      pending.delete(ctx);
      return answerClient(res, sign, errorParams(aadsts.consentDeclined(), sign));
    }
    state.userConsents.add(`${sign.app.clientId}|${sign.user.oid}`);
    complete(res, ctx, sign, sign.user);
  }

  function complete(res: ServerResponse, ctx: string, sign: PendingSignIn, user: FakeUser): void {
    pending.delete(ctx);
    const code = '1.AXkA' + randomBytes(32).toString('base64url');
    state.codes.set(code, {
      code,
      clientId: sign.app.clientId,
      tenantId: user.tenantId,
      oid: user.oid,
      redirectUri: sign.redirectUri,
      platform: sign.platform,
      scopes: sign.scopes,
      ...(sign.codeChallenge ? { codeChallenge: sign.codeChallenge } : {}),
      ...(sign.codeChallengeMethod ? { codeChallengeMethod: sign.codeChallengeMethod } : {}),
      used: false,
      expiresAt: state.now().getTime() + 10 * 60_000,
    });
    state.log.signIns++;
    const params: Record<string, string> = { code, client_info: clientInfo(user), session_state: randomUUID() };
    if (sign.state !== null) params.state = sign.state;
    answerClient(res, sign, params);
  }

  function errorParams(err: AadstsError, sign: PendingSignIn): Record<string, string> {
    const params: Record<string, string> = { error: err.error, error_description: aadstsBody(err, host()).error_description };
    if (sign.state !== null) params.state = sign.state;
    return params;
  }

  /** Hands the result to the redirect URI the way `response_mode` asked. */
  function answerClient(res: ServerResponse, sign: PendingSignIn, params: Record<string, string>): void {
    if (sign.responseMode === 'form_post') {
      const inputs = Object.entries(params)
        .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}" />`)
        .join('');
      return sendHtml(
        res,
        200,
        `<html><head><title>Working...</title></head><body><form method="POST" name="hiddenform" action="${escapeHtml(sign.redirectUri)}">${inputs}<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit" /></noscript></form><script language="javascript">document.forms[0].submit();</script></body></html>`,
      );
    }
    // A redirect URI without a path gets one: http://localhost:7071 → http://localhost:7071/?code=…
    const target = new URL(sign.redirectUri);
    const query = new URLSearchParams(params).toString();
    redirect(
      res,
      sign.responseMode === 'fragment' ? `${target.origin}${target.pathname}${target.search}#${query}` : appendQuery(target, query),
    );
  }

  // ---- token -----------------------------------------------------------------------------

  function token(res: ServerResponse, segment: string, form: URLSearchParams, url: URL): void {
    const grantType = form.get('grant_type') ?? '';
    const clientId = form.get('client_id') ?? '';
    const secret = form.get('client_secret');
    const record = {
      grantType,
      clientId,
      aadsts: 0,
      sentSecret: secret !== null,
      ...(form.get('redirect_uri') ? { redirectUri: form.get('redirect_uri') ?? '' } : {}),
    };
    state.log.token.push(record);
    const fail = (err: AadstsError) => {
      record.aadsts = err.code;
      sendJson(res, err.status, aadstsBody(err, host(), url.searchParams.get('client-request-id') ?? undefined));
    };

    const found = findApp(segment, clientId || null);
    if ('code' in found) return fail(found);
    const { app } = found;

    if (grantType === 'authorization_code') {
      const codeValue = form.get('code');
      if (!codeValue) return fail(aadsts.missingParameter('code'));
      const code = state.codes.get(codeValue);
      if (!code || code.clientId !== app.clientId) return fail(aadsts.malformedGrant());
      const clientError = authenticateClient(app, code.platform, secret);
      if (clientError) return fail(clientError);
      if (code.used) return fail(aadsts.codeRedeemed());
      if (code.expiresAt < state.now().getTime()) return fail(aadsts.grantExpired());
      const redirectUri = form.get('redirect_uri') ?? '';
      if (redirectUri !== code.redirectUri) return fail(aadsts.tokenRedirectMismatch(redirectUri, code.redirectUri));
      if (code.codeChallenge) {
        const verifier = form.get('code_verifier');
        if (!verifier) return fail(aadsts.pkceMissing());
        const expected = code.codeChallengeMethod === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url');
        if (expected !== code.codeChallenge) return fail(aadsts.pkceMismatch());
      }
      code.used = true;
      return issue(res, app, code.tenantId, code.oid, code.platform, code.scopes);
    }

    if (grantType === 'refresh_token') {
      const value = form.get('refresh_token');
      if (!value) return fail(aadsts.missingParameter('refresh_token'));
      const grant = state.refreshTokens.get(value);
      if (!grant || grant.clientId !== app.clientId) return fail(aadsts.malformedGrant());
      const clientError = authenticateClient(app, grant.platform, secret);
      if (clientError) return fail(clientError);
      if (!grant.valid) return fail(aadsts.grantExpired());
      if (!state.hasConsent(app, grant.oid)) return fail(aadsts.consentMissing(app.clientId, app.name));
      const asked = (form.get('scope') ?? '').split(' ').filter(Boolean).map(shortScope);
      const beyond = asked.find((s) => !oidcScopes.has(s) && !grant.scopes.includes(s));
      if (beyond) return fail(aadsts.consentMissing(app.clientId, app.name));
      // Rotation: every answer carries a new refresh token; in strict mode the old one is spent.
      if (state.spendRefreshTokens) grant.valid = false;
      state.log.refreshes++;
      return issue(res, app, grant.tenantId, grant.oid, grant.platform, grant.scopes);
    }

    if (grantType === 'client_credentials') {
      // App-only: always a confidential client, whatever platforms the app has.
      const clientError = authenticateClient(app, 'web', secret);
      if (clientError) return fail(clientError);
      const scope = form.get('scope') ?? '';
      if (!scope.endsWith('/.default')) return fail(aadsts.defaultScopeRequired(scope));
      const tenantId = found.tenant?.id ?? app.tenantId;
      return sendJson(res, 200, {
        token_type: 'Bearer',
        expires_in: state.accessTokenLifetime,
        ext_expires_in: state.accessTokenLifetime,
        access_token: state.issueAccessToken({ clientId: app.clientId, tenantId, oid: '', scopes: [] }),
      });
    }

    return fail(aadsts.unsupportedGrant(grantType));
  }

  function authenticateClient(app: FakeApp, platform: 'web' | 'public', secret: string | null): AadstsError | undefined {
    if (platform === 'public') return secret === null ? undefined : aadsts.publicClientSecret();
    if (!secret) return aadsts.secretRequired();
    const known = app.secrets.find((s) => s.value === secret);
    if (!known) return aadsts.invalidSecret(app.clientId);
    if (known.expiresOn.getTime() < state.now().getTime()) return aadsts.expiredSecret(app.clientId);
    return undefined;
  }

  function issue(res: ServerResponse, app: FakeApp, tenantId: string, oid: string, platform: 'web' | 'public', scopes: string[]): void {
    const user = state.userByOid(oid);
    if (!user) return sendJson(res, 400, aadstsBody(aadsts.malformedGrant(), host()));
    const granted = scopes.filter((s) => graphScopes.has(s));
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      // Echo the short form the client asked for, or MSAL's silent lookups miss the cache.
      scope: [...granted, ...scopes.filter((s) => s === 'openid' || s === 'profile')].join(' '),
      expires_in: state.accessTokenLifetime,
      ext_expires_in: state.accessTokenLifetime,
      access_token: state.issueAccessToken({ clientId: app.clientId, tenantId, oid, scopes: granted }),
      id_token: idToken(app, user),
      client_info: clientInfo(user),
    };
    if (scopes.includes('offline_access')) {
      body.refresh_token = state.issueRefreshToken({ clientId: app.clientId, tenantId, oid, platform, scopes });
    }
    sendJson(res, 200, body, { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' });
  }

  function idToken(app: FakeApp, user: FakeUser): string {
    const now = Math.floor(state.now().getTime() / 1000);
    const claims = {
      aud: app.clientId,
      iss: `${host()}/${user.tenantId}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: user.displayName,
      oid: user.oid,
      preferred_username: user.username,
      rh: '0.fake',
      sub: createHash('sha256').update(`${user.oid}|${app.clientId}`).digest('base64url').slice(0, 43),
      tid: user.tenantId,
      uti: randomBytes(16).toString('base64url'),
      ver: '2.0',
    };
    const head = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256', kid: 'fake' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const signature = createHmac('sha256', idTokenKey).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${signature}`;
  }
}

function clientInfo(user: FakeUser): string {
  return Buffer.from(JSON.stringify({ uid: user.oid, utid: user.tenantId })).toString('base64url');
}

function shortScope(scope: string): string {
  return scope.replace(/^https:\/\/graph\.microsoft\.(com|us)\/|^https:\/\/microsoftgraph\.chinacloudapi\.cn\//, '');
}

function appendQuery(target: URL, query: string): string {
  const path = target.pathname || '/';
  return `${target.origin}${path}${target.search ? `${target.search}&` : '?'}${query}`;
}

/**
 * Which platform a redirect URI was registered under, or undefined. For localhost the port
 * is ignored (RFC 8252), path and case must match; the platform decides public vs confidential.
 */
export function platformOf(app: FakeApp, requested: string): 'web' | 'public' | undefined {
  if (app.web.some((r) => sameRedirect(r, requested))) return 'web';
  if (app.publicClient.some((r) => sameRedirect(r, requested))) return 'public';
  return undefined;
}

function sameRedirect(registered: string, requested: string): boolean {
  let a: URL;
  let b: URL;
  try {
    a = new URL(registered);
    b = new URL(requested);
  } catch {
    return false;
  }
  const loopback = a.hostname === 'localhost';
  return (
    a.protocol === b.protocol &&
    a.hostname === b.hostname &&
    (loopback || a.port === b.port) &&
    a.pathname === b.pathname &&
    a.search === b.search
  );
}
