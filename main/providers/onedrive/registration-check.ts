import type { MicrosoftHosts } from '../../http/endpoints';
import { cancelledError, isAbortError } from '../../shared/app-error';
import { identityEndpoint } from './authority';
import { aadstsCodeIn, aadstsError, networkError, type DiagnosisContext } from './diagnostics';
import { signInScopes } from './steps';

export interface RegistrationCheckInput {
  fetch: typeof fetch;
  hosts: MicrosoftHosts;
  tenantId: string;
  clientId: string;
  redirectUri: string;
  diagnosis: DiagnosisContext;
  signal: AbortSignal;
}

/**
 * Checks the app registration before anyone signs in. Microsoft answers a plain GET of
 * the authorize URL at once with an AADSTS error page for an unknown client ID (700016),
 * an unknown tenant (90002), an unregistered redirect URI (50011) or none at all (500113);
 * a correct registration gets the sign-in page. Throws the diagnosis, or returns quietly.
 */
export async function checkRegistration(input: RegistrationCheckInput): Promise<void> {
  const url = new URL(identityEndpoint(input.hosts, input.tenantId, 'authorize'));
  url.search = new URLSearchParams({
    client_id: input.clientId,
    response_type: 'code',
    redirect_uri: input.redirectUri,
    scope: [...signInScopes, 'openid', 'profile'].join(' '),
    response_mode: 'form_post',
    state: 'skyhook-registration-check',
    prompt: 'select_account',
  }).toString();

  let response: Response;
  try {
    response = await input.fetch(url, { redirect: 'manual', signal: input.signal, headers: { accept: 'text/html' } });
  } catch (error) {
    if (isAbortError(error) || input.signal.aborted) throw cancelledError();
    throw networkError(url.host, error);
  }
  // A redirect (to a federated sign-in, or back to us with an error) carries any AADSTS code in its URL.
  const location = response.headers.get('location');
  const text = location ? decodeURIComponent(location) : await readCapped(response, 2_000_000);
  if (location) await response.body?.cancel();
  const code = aadstsCodeIn(text);
  if (code !== undefined) throw aadstsError(code, input.diagnosis);
}

/** Microsoft's pages are large; the error text is near the top, so a bounded read is enough. */
async function readCapped(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.length < limit) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}
