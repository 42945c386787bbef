import { randomBytes } from 'node:crypto';
import { escapeHtml, html, type FakeRequest, type Reply } from './http';
import type { FakeApp, FakeBoxState } from './state';

/** How long an authorization code works (Box: 30 seconds). */
const codeLifetimeMs = 30_000;

/**
 * The account host: Box's authorize page (a real HTML form with "Grant access to Box" and
 * "Deny access") and, standing in for app.box.com, the `/file/{id}` pages "Open original"
 * leads to. Unknown client IDs and unregistered redirect URIs get an error page and no
 * redirect, as on Box.
 */
export function accountHandler(state: FakeBoxState) {
  return async (request: FakeRequest): Promise<Reply> => {
    const path = request.url.pathname;
    if (path === '/api/oauth2/authorize' && request.method === 'GET') return authorizePage(state, request.url.searchParams);
    if (path === '/api/oauth2/authorize' && request.method === 'POST') return decide(state, await request.form());
    const file = /^\/file\/(\d+)$/.exec(path);
    if (file && request.method === 'GET') return filePage(state, file[1]!);
    return html(404, page('Not found', '<p>This page does not exist.</p>'));
  };
}

type Checked = { app: FakeApp; redirectUri: string } | { error: Reply };

function check(state: FakeBoxState, params: URLSearchParams): Checked {
  const app = state.app(params.get('client_id'));
  if (!app || app.authMethod !== 'oauth') {
    return { error: errorPage('invalid_client', 'The client ID is not valid, or the app does not use OAuth 2.0.') };
  }
  const requested = params.get('redirect_uri');
  const redirectUri = requested ?? (app.redirectUris.length === 1 ? app.redirectUris[0] : undefined);
  const registered =
    redirectUri !== undefined &&
    (app.redirectUris.includes(redirectUri) || (app.allowAnyLoopbackRedirect && /^http:\/\/127\.0\.0\.1:\d+\//.test(redirectUri)));
  if (!registered) {
    return { error: errorPage('redirect_uri_mismatch', 'The redirect URI does not match any redirect URI registered for this app.') };
  }
  if (params.get('response_type') !== 'code') {
    return { error: errorPage('unsupported_response_type', 'The response_type must be "code".') };
  }
  const method = params.get('code_challenge_method');
  const challenge = params.get('code_challenge');
  if (
    (method !== null && method !== 'S256' && method !== 'plain') ||
    (challenge !== null && !/^[A-Za-z0-9._~-]{43,128}$/.test(challenge))
  ) {
    return { error: errorPage('invalid_request', 'The code_challenge or code_challenge_method is invalid.') };
  }
  return { app, redirectUri };
}

function authorizePage(state: FakeBoxState, params: URLSearchParams): Reply {
  const checked = check(state, params);
  if ('error' in checked) return checked.error;
  const user = state.browserUserId ? state.users.get(state.browserUserId) : undefined;
  if (!user) return errorPage('login_required', 'No Box user is signed in in this browser.');
  const hidden = ['response_type', 'client_id', 'state', 'scope', 'code_challenge', 'code_challenge_method']
    .filter((name) => params.has(name))
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) ?? '')}">`)
    .concat(`<input type="hidden" name="redirect_uri" value="${escapeHtml(checked.redirectUri)}">`)
    .join('\n');
  return html(
    200,
    page(
      'Grant access to Box',
      `<h1>${escapeHtml(checked.app.name)} would like to:</h1>
<ul><li>Read and write all files and folders stored in Box</li></ul>
<p>Signed in as <strong>${escapeHtml(user.login)}</strong></p>
<form method="post" action="/api/oauth2/authorize">
${hidden}
<button type="submit" name="consent" value="grant">Grant access to Box</button>
<button type="submit" name="consent" value="deny">Deny access</button>
</form>`,
    ),
  );
}

function decide(state: FakeBoxState, form: URLSearchParams): Reply {
  const checked = check(state, form);
  if ('error' in checked) return checked.error;
  const target = new URL(checked.redirectUri);
  const clientState = form.get('state');
  if (form.get('consent') === 'grant' && state.browserUserId) {
    const code = randomBytes(24).toString('base64url');
    state.codes.set(code, {
      clientId: checked.app.clientId,
      userId: state.browserUserId,
      redirectUri: checked.redirectUri,
      expiresAt: state.now() + codeLifetimeMs,
      used: false,
      ...(form.get('code_challenge')
        ? {
            challenge: { value: form.get('code_challenge') ?? '', method: form.get('code_challenge_method') === 'S256' ? 'S256' : 'plain' },
          }
        : {}),
    });
    target.searchParams.set('code', code);
  } else {
    target.searchParams.set('error', 'access_denied');
    target.searchParams.set('error_description', 'The user denied access to your application');
  }
  if (clientState !== null) target.searchParams.set('state', clientState);
  return { status: 302, headers: { location: target.toString() } };
}

function filePage(state: FakeBoxState, id: string): Reply {
  const file = state.files.get(id);
  if (!file) return html(404, page('Box', '<h1>This item is no longer available</h1>'));
  return html(200, page(`${file.name} | Powered by Box`, `<h1>${escapeHtml(file.name)}</h1><p>File ${escapeHtml(file.id)}</p>`));
}

function errorPage(code: string, description: string): Reply {
  return html(
    400,
    page('Box | Error', `<h1>Oops! Something went wrong.</h1><p role="alert">${escapeHtml(code)}: ${escapeHtml(description)}</p>`),
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}
