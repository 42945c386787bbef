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
