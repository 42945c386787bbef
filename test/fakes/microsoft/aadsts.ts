import { randomUUID } from 'node:crypto';
import { escapeHtml } from './http';

/**
 * AADSTS errors as the Microsoft identity platform words them (entra-docs
 * reference-error-codes.md), with the `error` value each one travels under.
 */
export interface AadstsError {
  code: number;
  error: string;
  message: string;
  /** Only some AADSTS errors carry a sub-error (e.g. consent_required). */
  suberror?: string;
  status: number;
}

const e = (code: number, error: string, message: string, status = 400, suberror?: string): AadstsError =>
  suberror ? { code, error, message, status, suberror } : { code, error, message, status };

export const aadsts = {
  tenantNotFound: (tenant: string) =>
    e(
      90002,
      'invalid_tenant',
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  appNotFound: (clientId: string, directory: string) =>
    e(
      700016,
      'unauthorized_client',
      `Application with identifier '${clientId}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  redirectMismatch: (redirectUri: string, clientId: string) =>
    e(
      50011,
      'invalid_request',
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
    ),
  noReplyAddress: () => e(500113, 'invalid_request', 'No reply address is registered for the application.'),
  missingParameter: (name: string) => e(900144, 'invalid_request', `The request body must contain the following parameter: '${name}'.`),
  missingField: (name: string) =>
    e(
      90014,
      'invalid_request',
      `The required field '${name}' is missing from the credential. Ensure that you have all the necessary parameters for the login request.`,
    ),
  secretRequired: () =>
    e(7000218, 'invalid_client', "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", 401),
  invalidSecret: (clientId: string) =>
    e(
      7000215,
      'invalid_client',
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      401,
    ),
  expiredSecret: (clientId: string) =>
    e(
      7000222,
      'invalid_client',
      `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
      401,
    ),
  publicClientSecret: () =>
    e(700025, 'invalid_client', "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.", 401),
  codeRedeemed: () =>
    e(
      54005,
      'invalid_grant',
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    ),
  malformedGrant: () => e(9002313, 'invalid_grant', 'Invalid request. Request is malformed or invalid.'),
  grantExpired: () =>
    e(
      70008,
      'invalid_grant',
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    ),
  pkceMismatch: () =>
    e(501481, 'invalid_grant', 'The Code_Verifier does not match the code_challenge supplied in the authorization request.'),
  pkceMissing: () =>
    e(50148, 'invalid_grant', 'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.'),
  tokenRedirectMismatch: (given: string, authorized: string) =>
    e(
      500112,
      'invalid_grant',
      `The reply address '${given}' does not match the reply address '${authorized}' provided when requesting Authorization code.`,
    ),
  consentMissing: (clientId: string, appName: string) =>
    e(
      65001,
      'invalid_grant',
      `The user or administrator has not consented to use the application with ID '${clientId}' named '${appName}'. Send an interactive authorization request for this user and resource.`,
      400,
      'consent_required',
    ),
  consentDeclined: () => e(65004, 'access_denied', 'User declined to consent to access the app.'),
  adminConsentRequired: () => e(90094, 'access_denied', 'The grant requires admin permission.'),
  badPassword: () => e(50126, 'invalid_grant', 'Error validating credentials due to invalid username or password.'),
  userNotInTenant: (user: string, tenant: string, clientId: string, appName: string) =>
    e(
      50020,
      'access_denied',
      `User account '${user}' from identity provider 'https://sts.windows.net/' does not exist in tenant '${tenant}' and cannot access the application '${clientId}'(${appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.`,
    ),
  notMultiTenant: (clientId: string, appName: string) =>
    e(
      50194,
      'invalid_request',
      `Application '${clientId}'(${appName}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.`,
    ),
  invalidScope: (scope: string) =>
    e(70011, 'invalid_scope', `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' does not exist.`),
  defaultScopeRequired: (scope: string) =>
    e(
      1002012,
      'invalid_scope',
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  unsupportedGrant: (grant: string) => e(70003, 'unsupported_grant_type', `The app requested an unsupported grant type '${grant}'.`),
} satisfies Record<string, (...args: string[]) => AadstsError>;

/** Microsoft's timestamp form: `2016-01-09 02:02:12Z`. */
export function aadTimestamp(now = new Date()): string {
  return now
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

export interface AadstsBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  suberror?: string;
}

/** The JSON body the token and discovery endpoints answer with, trace lines included. */
export function aadstsBody(err: AadstsError, authorityHost: string, correlationId: string = randomUUID(), now = new Date()): AadstsBody {
  const timestamp = aadTimestamp(now);
  const traceId = randomUUID();
  const body: AadstsBody = {
    error: err.error,
    error_description: `AADSTS${err.code}: ${err.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${authorityHost}/error?code=${err.code}`,
  };
  if (err.suberror) body.suberror = err.suberror;
  return body;
}

/**
 * The page the STS shows in the browser for configuration errors (unknown client, wrong
 * tenant, unregistered redirect URI…): these never reach the redirect URI.
 */
export function aadstsErrorPage(err: AadstsError, correlationId: string = randomUUID(), now = new Date()): string {
  const line = `AADSTS${err.code}: ${err.message}`;
  return page(
    'Sign in to your account',
    `<h1>Sorry, but we’re having trouble signing you in.</h1>
<p id="error-message" role="alert">${escapeHtml(line)}</p>
<dl class="debug">
<dt>Request Id</dt><dd>${randomUUID()}</dd>
<dt>Correlation Id</dt><dd>${escapeHtml(correlationId)}</dd>
<dt>Timestamp</dt><dd>${now.toISOString()}</dd>
<dt>Message</dt><dd>${escapeHtml(line)}</dd>
</dl>`,
  );
}

export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0}
main{max-width:440px;margin:60px auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600;margin:0 0 16px}
label{display:block;margin:12px 0 4px}
input[type=text],input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:6px;font-size:15px}
button{background:#0067b8;color:#fff;border:0;padding:8px 24px;font-size:15px;margin-top:20px;cursor:pointer}
button.secondary{background:#ccc;color:#000}
.error{color:#e81123}
.debug{font-size:12px;color:#666}
ul.perms li{margin:6px 0}
</style></head>
<body><main>
<div class="logo" aria-hidden="true">Microsoft (fake)</div>
${body}
</main></body></html>`;
}
