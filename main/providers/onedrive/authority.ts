import type { NodeAuthOptions } from '@azure/msal-node';
import type { MicrosoftHosts } from '../../http/endpoints';
import { AppError } from '../../shared/app-error';

/** Hosts MSAL knows itself (it carries their metadata, so it sends no discovery request). */
const msalKnownHosts = new Set([
  'login.microsoftonline.com',
  'login.microsoft.com',
  'login.windows.net',
  'login.microsoftonline.us',
  'login.usgovcloudapi.net',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
]);

const invalidTenant = {
  code: 'invalid_tenant',
  message: 'The Tenant ID is not a directory ID or a domain.',
  fix: "Copy the Directory (tenant) ID (a GUID) from the app registration's Overview page, or enter your domain such as contoso.onmicrosoft.com.",
  step: 'ids',
} as const;

/** A tenant is a GUID, a verified domain, or one of organizations / common / consumers. */
const tenantPattern = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

export function checkTenant(tenantId: string): string {
  const tenant = tenantId.trim();
  if (!tenantPattern.test(tenant)) throw new AppError(invalidTenant);
  return tenant;
}

/** `${authorityHost}/${tenant}/oauth2/v2.0/${endpoint}` — the same shape in every Microsoft cloud. */
export function identityEndpoint(hosts: MicrosoftHosts, tenantId: string, endpoint: 'authorize' | 'token' | 'logout'): string {
  return `${hosts.authorityHost}/${encodeURIComponent(checkTenant(tenantId))}/oauth2/v2.0/${endpoint}`;
}

/**
 * MSAL's authority options for one connection. For Microsoft's own hosts that is just the
 * authority. For any other host (a proxy, or the fake in tests) MSAL would ask the public
 * cloud's instance discovery and refuses a plain-http authority, so it gets the endpoints
 * as `authorityMetadata` — the shape every Microsoft cloud uses — with the host as a known
 * authority. The `https://` authority string is then only MSAL's name for the host (its
 * cache environment); every request goes to the metadata's endpoints.
 */
export function msalAuthority(
  hosts: MicrosoftHosts,
  tenantId: string,
): Pick<NodeAuthOptions, 'authority' | 'knownAuthorities' | 'authorityMetadata'> {
  const tenant = encodeURIComponent(checkTenant(tenantId));
  const base = new URL(hosts.authorityHost);
  if (base.protocol === 'https:' && msalKnownHosts.has(base.host)) return { authority: `${hosts.authorityHost}/${tenant}` };
  const root = `${hosts.authorityHost}/${tenant}`;
  return {
    authority: `https://${base.host}/${tenant}`,
    knownAuthorities: [base.host],
    authorityMetadata: JSON.stringify({
      authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
      token_endpoint: `${root}/oauth2/v2.0/token`,
      end_session_endpoint: `${root}/oauth2/v2.0/logout`,
      issuer: `${root}/v2.0`,
      jwks_uri: `${root}/discovery/v2.0/keys`,
    }),
  };
}
