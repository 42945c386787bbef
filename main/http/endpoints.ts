import type { nationalClouds } from '../../preload/connection-kinds';

/**
 * Every provider host in one place, overridable by environment: national clouds and
 * proxies in real use, fake servers in tests.
 */
export interface Endpoints {
  boxApi: string;
  boxAccount: string;
  /** Where Box's `/file/{id}` web pages live. */
  boxApp: string;
  msAuthorityHost: string;
  graph: string;
}

export const defaultEndpoints: Endpoints = {
  boxApi: 'https://api.box.com',
  boxAccount: 'https://account.box.com',
  boxApp: 'https://app.box.com',
  msAuthorityHost: 'https://login.microsoftonline.com',
  graph: 'https://graph.microsoft.com',
};

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function endpointsFromEnv(env: NodeJS.ProcessEnv = process.env): Endpoints {
  return {
    boxApi: trimSlash(env.SKYHOOK_BOX_API_URL ?? defaultEndpoints.boxApi),
    boxAccount: trimSlash(env.SKYHOOK_BOX_ACCOUNT_URL ?? defaultEndpoints.boxAccount),
    boxApp: trimSlash(env.SKYHOOK_BOX_APP_URL ?? defaultEndpoints.boxApp),
    msAuthorityHost: trimSlash(env.SKYHOOK_MS_AUTHORITY_HOST ?? defaultEndpoints.msAuthorityHost),
    graph: trimSlash(env.SKYHOOK_GRAPH_URL ?? defaultEndpoints.graph),
  };
}

export type NationalCloud = (typeof nationalClouds)[number];

export interface MicrosoftHosts {
  /** Identity platform host; the authority is `${authorityHost}/${tenant}`. */
  authorityHost: string;
  /** Microsoft Graph host, without the API version. */
  graph: string;
}

/** Microsoft's national clouds (learn.microsoft.com: Graph national cloud deployments). */
export const microsoftClouds: Record<NationalCloud, MicrosoftHosts> = {
  global: { authorityHost: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com' },
  usgov: { authorityHost: 'https://login.microsoftonline.us', graph: 'https://graph.microsoft.us' },
  china: { authorityHost: 'https://login.chinacloudapi.cn', graph: 'https://microsoftgraph.chinacloudapi.cn' },
};

/**
 * The hosts one OneDrive connection talks to. Its cloud picks them, unless `endpoints`
 * carries anything other than the global defaults — that can only come from
 * SKYHOOK_MS_AUTHORITY_HOST / SKYHOOK_GRAPH_URL (a proxy, or a fake server in tests), and it wins.
 */
export function microsoftHosts(cloud: NationalCloud, endpoints: Endpoints): MicrosoftHosts {
  const hosts = microsoftClouds[cloud];
  return {
    authorityHost: endpoints.msAuthorityHost === defaultEndpoints.msAuthorityHost ? hosts.authorityHost : trimSlash(endpoints.msAuthorityHost),
    graph: endpoints.graph === defaultEndpoints.graph ? hosts.graph : trimSlash(endpoints.graph),
  };
}
