import type { nationalClouds } from '../../preload/connection-kinds';
import type { StartupProblem } from '../../preload/contract';

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

/** Each overridable endpoint and the variable that overrides it. */
const endpointVariables: Record<keyof Endpoints, string> = {
  boxApi: 'SKYHOOK_BOX_API_URL',
  boxAccount: 'SKYHOOK_BOX_ACCOUNT_URL',
  boxApp: 'SKYHOOK_BOX_APP_URL',
  msAuthorityHost: 'SKYHOOK_MS_AUTHORITY_HOST',
  graph: 'SKYHOOK_GRAPH_URL',
};
/** Overrides of where Skyhook keeps its data and reads its policy; shown like endpoint overrides. */
const dataVariables = ['SKYHOOK_DATA_DIR', 'SKYHOOK_POLICY_FILE'] as const;

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface BuildKind {
  /** The installed app (Electron's app.isPackaged); false in development, tests and the bridge. */
  packaged: boolean;
}

/**
 * Why an override address may not be used, or undefined when it may. Secrets and tokens go
 * to these hosts, so they need TLS; plain http is only for fake servers on this computer
 * in development and tests, never in the installed app.
 */
export function overrideRefusal(value: string, build: BuildKind): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'it is not a valid URL';
  }
  if (url.username || url.password) return 'it must not contain a user name or password';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && loopbackHosts.has(url.hostname) && !build.packaged) return undefined;
  return build.packaged
    ? 'the installed app accepts only https:// addresses'
    : 'it must be https:// (plain http only for 127.0.0.1 or localhost)';
}

export interface EndpointSetup {
  endpoints: Endpoints;
  /** Overrides refused, and (installed app) overrides in use: shown as a banner at start. */
  problems: StartupProblem[];
}

/**
 * The endpoints with the environment's overrides applied where they are acceptable. An
 * override that is not is ignored (the provider's own address is used) and reported. In
 * the installed app every override in use is reported too, so a changed environment
 * (a proxy, or someone redirecting the app's traffic) is always visible.
 */
export function endpointSetup(env: NodeJS.ProcessEnv, build: BuildKind): EndpointSetup {
  const endpoints = { ...defaultEndpoints };
  const refused: string[] = [];
  const inUse: string[] = [];
  for (const [key, variable] of Object.entries(endpointVariables) as Array<[keyof Endpoints, string]>) {
    const value = env[variable]?.trim();
    if (!value) continue;
    const refusal = overrideRefusal(value, build);
    if (refusal) refused.push(`${variable} (${refusal})`);
    else {
      endpoints[key] = trimSlash(value);
      inUse.push(`${variable}=${new URL(value).origin}`);
    }
  }
  for (const variable of dataVariables) if (env[variable] !== undefined) inUse.push(`${variable}=${env[variable]}`);

  const problems: StartupProblem[] = [];
  if (refused.length > 0) {
    problems.push({
      code: 'endpoint_override_refused',
      message: `Skyhook ignored ${refused.join(', ')} and uses the providers' own addresses.`,
      fix: 'Remove the variable, or point it at an https:// address.',
    });
  }
  if (build.packaged && inUse.length > 0) {
    problems.push({
      code: 'endpoint_override',
      message: `Skyhook is running with addresses set in its environment instead of its defaults: ${inUse.join(', ')}.`,
      fix: 'If you did not set these (or your IT team did not), quit Skyhook, remove the SKYHOOK_ variables from the environment and start it again.',
    });
  }
  return { endpoints, problems };
}

/** Development and tests: the endpoints with acceptable overrides applied. */
export function endpointsFromEnv(env: NodeJS.ProcessEnv = process.env): Endpoints {
  return endpointSetup(env, { packaged: false }).endpoints;
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
    authorityHost:
      endpoints.msAuthorityHost === defaultEndpoints.msAuthorityHost ? hosts.authorityHost : trimSlash(endpoints.msAuthorityHost),
    graph: endpoints.graph === defaultEndpoints.graph ? hosts.graph : trimSlash(endpoints.graph),
  };
}
