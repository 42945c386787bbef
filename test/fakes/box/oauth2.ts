import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importSPKI } from 'jose';
import { json, oauthError, type FakeRequest, type Reply } from './http';
import type { FakeApp, FakeBoxState, FakeUser } from './state';

/**
 * POST /oauth2/token and /oauth2/revoke (on the API host, not under /2.0). Error bodies
 * and statuses follow the reference notes (OAuth2Error, HTTP 400); descriptions marked
 * "documented" are Box's own strings, the others are plausible stand-ins.
 */

const jwtBearer = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const errors = {
  invalidClient: () => oauthError('invalid_client', 'The client credentials are not valid'), // documented (spec example)
  grantInvalid: () => oauthError('invalid_grant', 'Grant credentials are invalid'), // documented
  notAuthorized: () => oauthError('unauthorized_client', 'This app is not authorized by the enterprise admin.'), // documented
  subjectTypeUnauthorized: () => oauthError('unauthorized_client', 'The "box_subject_type" value is unauthorized for this client_id'), // documented
  grantTypeUnauthorized: () => oauthError('invalid_request', 'The grant type is unauthorized for this client_id.'), // documented
  badGrantType: () => oauthError('invalid_request', 'Invalid grant_type parameter or parameter missing.'), // documented
  noUserTokens: () => oauthError('invalid_request', 'Cannot obtain user token based on the enterprise configuration for your app'), // documented
  codeExpired: () => oauthError('invalid_grant', 'The authorization code has expired'), // documented
  codeInvalid: () => oauthError('invalid_grant', "Auth code doesn't exist or is invalid for the client"),
  verifierInvalid: () => oauthError('invalid_grant', 'The code verifier does not match the code challenge'),
  redirectMismatch: () => oauthError('invalid_grant', 'The redirect URI is missing or does not match'),
  refreshInvalid: () => oauthError('invalid_grant', 'Invalid refresh token'), // documented
  kidUnknown: () => oauthError('invalid_grant', 'kid invalid, unable to lookup correct key'), // documented
  signature: () =>
    oauthError(
      'invalid_grant',
      'Signature verification error. The public key identified by kid must correspond to the private key used for signing.',
    ), // documented
  iss: () => oauthError('invalid_grant', "Please check the 'iss' claim."), // documented
  aud: () => oauthError('invalid_grant', "Please check the 'aud' claim."),
  sub: () => oauthError('invalid_grant', "Please check the 'sub' claim. The 'sub' specified is invalid."), // documented
  boxSubType: () => oauthError('invalid_grant', "Please check the 'box_sub_type' claim."),
  jti: () => oauthError('invalid_grant', "Please check the 'jti' claim. A unique 'jti' value is required."), // documented
  expPassed: () => oauthError('invalid_grant', "Current date time must be before the expiration date time listed in the 'exp' claim."), // documented
  expTooFar: () =>
    oauthError(
      'invalid_grant',
      "Please check the 'exp' claim. The 'exp' value exceeds the maximum value of 60 seconds beyond the issue time.",
    ), // documented
  malformedAssertion: () => oauthError('invalid_grant', 'The assertion is not a valid JWT.'),
};

export async function tokenEndpoint(request: FakeRequest, state: FakeBoxState, apiUrl: string): Promise<Reply> {
  const form = await request.form();
  const grant = form.get('grant_type') ?? '';
  state.counters.tokenRequests[grant] = (state.counters.tokenRequests[grant] ?? 0) + 1;
  state.events.emit('token-request', grant);
  switch (grant) {
    case 'client_credentials':
      return clientCredentials(form, state);
    case jwtBearer:
      return jwtGrant(form, state, apiUrl);
    case 'authorization_code':
      return authorizationCode(form, state);
    case 'refresh_token':
      state.counters.refreshes++;
      return refresh(form, state);
    default:
      return errors.badGrantType();
  }
}

export async function revokeEndpoint(request: FakeRequest, state: FakeBoxState): Promise<Reply> {
  const form = await request.form();
  const app = state.app(form.get('client_id'));
  if (!app || app.clientSecret !== form.get('client_secret')) return errors.invalidClient();
  state.counters.revocations++;
  const token = form.get('token') ?? '';
  const record = state.accessTokens.get(token) ?? state.refreshTokens.get(token);
  if (record && record.clientId === app.clientId) state.revokeGrant(record.grantId);
  return { status: 200, body: '' };
}

function clientCredentials(form: URLSearchParams, state: FakeBoxState): Reply {
  const app = state.app(form.get('client_id'));
  if (!app) return errors.invalidClient();
  // Box answers a wrong CCG secret with invalid_grant, not invalid_client.
  if (app.clientSecret !== form.get('client_secret')) return errors.grantInvalid();
  if (app.authMethod !== 'ccg') return errors.subjectTypeUnauthorized();
  const subject = resolveSubject(state, app, form.get('box_subject_type'), form.get('box_subject_id'));
  if ('error' in subject) return subject.error === 'no-user-tokens' ? errors.noUserTokens() : errors.grantInvalid();
  if (!app.authorizedByAdmin) return errors.notAuthorized();
  return serverToken(state, app, subject.user);
}

async function jwtGrant(form: URLSearchParams, state: FakeBoxState, apiUrl: string): Promise<Reply> {
  const app = state.app(form.get('client_id'));
  if (!app || app.clientSecret !== form.get('client_secret')) return errors.invalidClient();
  if (app.authMethod !== 'jwt') return errors.grantTypeUnauthorized();
  const assertion = form.get('assertion') ?? '';

  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return errors.malformedAssertion();
  }
  const alg = header.alg ?? '';
  if (!['RS256', 'RS384', 'RS512'].includes(alg)) return errors.signature();
  const candidates = header.kid === undefined ? app.publicKeys : app.publicKeys.filter((k) => k.id === header.kid);
  if (candidates.length === 0) return errors.kidUnknown();
  let payloadBytes: Uint8Array | undefined;
  for (const key of candidates) {
    try {
      payloadBytes = (await compactVerify(assertion, await importSPKI(key.pem, alg))).payload;
      break;
    } catch {
      // try the next registered key
    }
  }
  if (!payloadBytes) return errors.signature();

  const claims = JSON.parse(new TextDecoder().decode(payloadBytes)) as Record<string, unknown>;
  if (claims.iss !== app.clientId) return errors.iss();
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(`${apiUrl}/oauth2/token`)) return errors.aud();
  const now = Math.floor(state.now() / 1000);
  const exp = typeof claims.exp === 'number' ? claims.exp : 0;
  if (exp <= now) return errors.expPassed();
  const issuedAt = typeof claims.iat === 'number' ? claims.iat : now;
  if (exp - issuedAt > 60 || exp - now > 60) return errors.expTooFar();
  const jti = typeof claims.jti === 'string' ? claims.jti : '';
  if (jti.length < 16 || jti.length > 128 || state.usedJtis.has(jti)) return errors.jti();
  state.usedJtis.add(jti);
  const subType = claims.box_sub_type;
  if (subType !== 'enterprise' && subType !== 'user') return errors.boxSubType();
  const subject = resolveSubject(state, app, subType, typeof claims.sub === 'string' ? claims.sub : null);
  if ('error' in subject) return subject.error === 'no-user-tokens' ? errors.noUserTokens() : errors.sub();
  if (!app.authorizedByAdmin) return errors.notAuthorized();
  return serverToken(state, app, subject.user);
}

function authorizationCode(form: URLSearchParams, state: FakeBoxState): Reply {
  const app = state.app(form.get('client_id'));
  if (!app || app.clientSecret !== form.get('client_secret')) return errors.invalidClient();
  if (app.authMethod !== 'oauth') return errors.grantTypeUnauthorized();
  const code = state.codes.get(form.get('code') ?? '');
  if (!code || code.used || code.clientId !== app.clientId) return errors.codeInvalid();
  // Box's token request carries no redirect_uri; when a client sends one anyway it must match.
  const redirectUri = form.get('redirect_uri');
  if (redirectUri !== null && redirectUri !== code.redirectUri) return errors.redirectMismatch();
  code.used = true;
  if (code.expiresAt <= state.now()) return errors.codeExpired();
  // PKCE: a code issued for a challenge is redeemed only with the verifier behind it, so a
  // code caught on its way through the browser is useless to anyone else.
  if (code.challenge && !verifierMatches(code.challenge, form.get('code_verifier'))) return errors.verifierInvalid();
  return userTokens(state, app, code.userId, randomUUID());
}

function refresh(form: URLSearchParams, state: FakeBoxState): Reply {
  const app = state.app(form.get('client_id'));
  if (!app || app.clientSecret !== form.get('client_secret')) return errors.invalidClient();
  const record = state.refreshTokens.get(form.get('refresh_token') ?? '');
  if (!record || record.used || record.revoked || record.clientId !== app.clientId) return errors.refreshInvalid();
  // Single use: the old refresh token stops working the moment a new pair is issued.
  record.used = true;
  return userTokens(state, app, record.userId, record.grantId);
}

function verifierMatches(challenge: { value: string; method: 'S256' | 'plain' }, verifier: string | null): boolean {
  if (verifier === null || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const expected = challenge.method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return expected === challenge.value;
}

type Subject = { user: FakeUser } | { error: 'invalid' | 'no-user-tokens' };

function resolveSubject(state: FakeBoxState, app: FakeApp, type: string | null | unknown, id: string | null): Subject {
  if (type === 'enterprise') return id === app.enterpriseId ? { user: state.serviceAccount(app) } : { error: 'invalid' };
  if (type === 'user') {
    if (!app.generateUserAccessTokens) return { error: 'no-user-tokens' };
    const user = id ? state.users.get(id) : undefined;
    return user && user.enterpriseId === app.enterpriseId ? { user } : { error: 'invalid' };
  }
  return { error: 'invalid' };
}

/** CCG and JWT: no refresh token, and an expires_in that is not exactly 3600. */
function serverToken(state: FakeBoxState, app: FakeApp, user: FakeUser): Reply {
  const expiresIn = app.accessTokenExpiresIn ?? 3600 + Math.floor(Math.random() * 600);
  const token = state.issueAccessToken(app, user.id, randomUUID(), expiresIn);
  return json(200, { access_token: token, expires_in: expiresIn, restricted_to: [], token_type: 'bearer' });
}

function userTokens(state: FakeBoxState, app: FakeApp, userId: string, grantId: string): Reply {
  const expiresIn = app.accessTokenExpiresIn ?? 3600;
  const accessToken = state.issueAccessToken(app, userId, grantId, expiresIn);
  const refreshToken = randomBytes(32).toString('base64url');
  state.refreshTokens.set(refreshToken, { clientId: app.clientId, userId, grantId, used: false, revoked: false });
  return json(200, {
    access_token: accessToken,
    expires_in: expiresIn,
    restricted_to: [],
    refresh_token: refreshToken,
    token_type: 'bearer',
  });
}
