import { AppError } from '../shared/app-error';
import type { Logger } from '../shared/logger';
import { silentLogger } from '../shared/logger';
import type { UpdateFeedSources } from './update-feed';
import { resolveUpdateFeed } from './update-feed';

/**
 * The part of electron-updater's `autoUpdater` this service uses. main/electron passes the real
 * object in; it is not imported here because electron-updater imports 'electron' on load.
 */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  /** False when the app runs unpackaged: there is nothing installed to update. */
  isUpdaterActive(): boolean;
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string; releaseDate?: string } } | null>;
}

export interface UpdateStatus {
  enabled: boolean;
  /** One sentence for the UI: why updates are off, or where they come from. */
  reason: string;
}

export type UpdateCheck =
  | { state: 'disabled'; reason: string }
  | { state: 'not-installed'; reason: string }
  | { state: 'up-to-date'; version: string; reason: string }
  | { state: 'available'; version: string; releaseDate?: string; reason: string };

export interface UpdateService {
  status(): UpdateStatus;
  check(): Promise<UpdateCheck>;
  /** Checks now and then every `everyMs` while the feed stays configured; returns a stop function. */
  checkPeriodically(everyMs: number): () => void;
}

export interface Timers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface UpdateServiceOptions {
  updater: UpdaterPort;
  /** Read on every call, so a changed setting applies without a restart. */
  feed: () => UpdateFeedSources;
  logger?: Logger;
  timers?: Timers;
}

const defaultTimers: Timers = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export function createUpdateService(options: UpdateServiceOptions): UpdateService {
  const { updater, feed, logger = silentLogger, timers = defaultTimers } = options;
  // Download in the background and install on the next quit: no prompt interrupts a drag.
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;

  let inFlight: Promise<UpdateCheck> | null = null;

  function status(): UpdateStatus {
    const resolved = resolveUpdateFeed(feed());
    if (!resolved.ok) return { enabled: false, reason: resolved.reason };
    return { enabled: true, reason: `Updates are checked at ${resolved.display}.` };
  }

  async function runCheck(): Promise<UpdateCheck> {
    const resolved = resolveUpdateFeed(feed());
    if (!resolved.ok) return { state: 'disabled', reason: resolved.reason };
    if (!updater.isUpdaterActive()) {
      return { state: 'not-installed', reason: 'Updates apply to the installed app; this copy runs from a development build.' };
    }
    updater.setFeedURL({ provider: 'generic', url: resolved.url });
    let result: Awaited<ReturnType<UpdaterPort['checkForUpdates']>>;
    try {
      result = await updater.checkForUpdates();
    } catch (error) {
      // The library's message may quote the feed URL with its query string: log the host only.
      logger.warn('update check failed', { feed: resolved.display });
      throw new AppError(
        {
          code: 'update_check_failed',
          message: 'Skyhook could not check for updates.',
          fix: `Check that ${resolved.display} is reachable and serves the latest*.yml files published with the release.`,
        },
        { cause: error },
      );
    }
    if (!result) {
      return { state: 'not-installed', reason: 'Updates apply to the installed app; this copy runs from a development build.' };
    }
    const { version, releaseDate } = result.updateInfo;
    if (!result.isUpdateAvailable) {
      return { state: 'up-to-date', version, reason: `Skyhook is up to date (${version}).` };
    }
    logger.info('update available', { version });
    return {
      state: 'available',
      version,
      ...(releaseDate ? { releaseDate } : {}),
      reason: `Skyhook ${version} is downloading and will be installed when you quit.`,
    };
  }

  function check(): Promise<UpdateCheck> {
    // One check at a time: a second click while checking joins the first.
    inFlight ??= runCheck().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  function checkPeriodically(everyMs: number): () => void {
    const tick = () => {
      if (!status().enabled) return;
      check().catch((error: unknown) => {
        logger.warn('scheduled update check failed', { code: error instanceof AppError ? error.code : 'internal' });
      });
    };
    tick();
    const handle = timers.setInterval(tick, everyMs);
    return () => timers.clearInterval(handle);
  }

  return { status, check, checkPeriodically };
}
