import type { MicrosoftHosts } from '../../http/endpoints';
import { cancelledError, isAbortError } from '../../shared/app-error';
import { identityEndpoint } from './authority';
import { aadstsCodeIn, aadstsError, networkError, type DiagnosisContext } from './diagnostics';

const genericTenants = new Set(['organizations', 'common', 'consumers']);

export interface SecretCheckInput {
  fetch: typeof fetch;
  hosts: MicrosoftHosts;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  diagnosis: DiagnosisContext;
  signal: AbortSignal;
}

/**
 * Proves the client secret before anyone signs in: an app-only token request with it
 * answers AADSTS7000215 (wrong value, e.g. the Secret ID) or 7000222 (expired) at once.
 * The token itself is thrown away. Needs the app's own tenant, so it is skipped for
 * organizations/common (the sign-in then reports a bad secret instead).
 */
export async function checkClientSecret(input: SecretCheckInput): Promise<'checked' | 'skipped'> {
  if (genericTenants.has(input.tenantId.trim().toLowerCase())) return 'skipped';
  const url = identityEndpoint(input.hosts, input.tenantId, 'token');
  let response: Response;
  try {
    response = await input.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams({
        client_id: input.clientId,
        client_secret: input.clientSecret,
        grant_type: 'client_credentials',
        scope: `${input.hosts.graph}/.default`,
      }).toString(),
      signal: input.signal,
    });
  } catch (error) {
    if (isAbortError(error) || input.signal.aborted) throw cancelledError();
    throw networkError(new URL(url).host, error);
  }
  const body = (await response.json().catch(() => ({}))) as { error_description?: string };
  if (response.ok) return 'checked';
  const code = aadstsCodeIn(body.error_description);
  if (code === undefined) throw networkError(new URL(url).host);
  throw aadstsError(code, input.diagnosis);
}
