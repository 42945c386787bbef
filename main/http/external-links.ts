import { AppError } from '../shared/app-error';
import { azurePortalHosts } from './console-pages';
import { microsoftClouds, type BuildKind, type Endpoints } from './endpoints';

/**
 * Pages Skyhook may open in the system browser: sign-in pages and "Open original" web
 * pages of the providers. Box: its account and app hosts (and an enterprise's own
 * `<name>.app.box.com`/`<name>.account.box.com`). Microsoft: the identity platform of each
 * cloud and the OneDrive / SharePoint web hosts Graph's `webUrl` points at.
 */
const providerHostSuffixes = [
  'account.box.com',
  'app.box.com',
  ...Object.values(microsoftClouds).map((cloud) => new URL(cloud.authorityHost).hostname),
  'sharepoint.com',
  'sharepoint.us',
  'sharepoint-mil.us',
  'sharepoint.cn',
  'onedrive.live.com',
  '1drv.ms',
  // The Azure portal pages the OneDrive wizard opens (app registrations).
  ...Object.values(azurePortalHosts),
];

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

const hostMatches = (host: string, suffix: string) => host === suffix || host.endsWith(`.${suffix}`);

/**
 * Whether `raw` may go to shell.openExternal. A URL from a provider (OneDrive's `webUrl`)
 * or a profile is untrusted: opening `file:`, a custom scheme or an arbitrary site from it
 * would let a shared drive item launch programs or phish. Only https pages of the provider
 * hosts pass, plus the configured endpoint hosts (a proxy) and, outside the installed app,
 * fake servers on this computer.
 */
export function externalUrlAllowed(raw: string, endpoints: Endpoints, build: BuildKind): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  if (!build.packaged && loopbackHosts.has(host) && (url.protocol === 'http:' || url.protocol === 'https:')) return true;
  if (url.protocol !== 'https:') return false;
  const configured = [endpoints.boxAccount, endpoints.boxApp, endpoints.msAuthorityHost].map((e) => new URL(e).hostname.toLowerCase());
  return [...providerHostSuffixes, ...configured].some((suffix) => hostMatches(host, suffix));
}

/** Wraps the platform's openExternal so only allowed URLs reach it. */
export function guardOpenExternal(
  open: (url: string) => Promise<void>,
  endpoints: Endpoints,
  build: BuildKind,
): (url: string) => Promise<void> {
  return async (url) => {
    if (!externalUrlAllowed(url, endpoints, build)) {
      throw new AppError({
        code: 'external_url_refused',
        message: 'Skyhook did not open this link: it does not lead to a page of Box or Microsoft.',
        fix: 'Open the file from the provider’s website instead.',
      });
    }
    await open(url);
  };
}
