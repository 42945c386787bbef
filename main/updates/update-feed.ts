/**
 * Where update metadata (latest.yml, latest-mac.yml, latest-linux.yml) is hosted. There is no
 * default: an app that phones home on its own is not what an admin installing it expects, so
 * updates stay off until someone names a feed.
 */
export const updateFeedEnvVar = 'SKYHOOK_UPDATE_URL';

export interface UpdateFeedSources {
  /** `SKYHOOK_UPDATE_URL`; wins over the setting, like the other SKYHOOK_* overrides. */
  env?: string | undefined;
  /** The update-feed URL from settings. */
  setting?: string | undefined;
}

export type UpdateFeed = { ok: true; url: string; source: 'environment' | 'setting'; display: string } | { ok: false; reason: string };

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const noFeedReason =
  `Automatic updates are off: no update feed is configured. Set ${updateFeedEnvVar} or the ` +
  'update feed URL in Settings to the address where the release files are published.';

export function updateFeedSourcesFromEnv(env: NodeJS.ProcessEnv = process.env, setting?: string): UpdateFeedSources {
  return { env: env[updateFeedEnvVar], setting };
}

/** Picks the configured feed and checks it is one the updater may trust. */
export function resolveUpdateFeed(sources: UpdateFeedSources): UpdateFeed {
  const fromEnv = sources.env?.trim();
  const fromSetting = sources.setting?.trim();
  const raw = fromEnv || fromSetting;
  if (!raw) return { ok: false, reason: noFeedReason };
  const source = fromEnv ? 'environment' : 'setting';
  const where = source === 'environment' ? updateFeedEnvVar : 'the update feed URL in Settings';

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `Automatic updates are off: ${where} is not a valid URL.` };
  }
  if (url.username || url.password) {
    // The URL is shown in the UI and logs; a password in it would leak there.
    return { ok: false, reason: `Automatic updates are off: ${where} must not contain a user name or password.` };
  }
  // Updates replace the app itself: only TLS protects them in transit (plain http is for a local test feed).
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
  if (!secure) {
    return { ok: false, reason: `Automatic updates are off: ${where} must be an https:// address.` };
  }
  const href = url.href.endsWith('/') ? url.href : `${url.href}/`;
  // Query strings can carry access tokens: never display them.
  return { ok: true, url: href, source, display: `${url.origin}${url.pathname}` };
}
