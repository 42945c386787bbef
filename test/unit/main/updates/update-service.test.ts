import type { AppUpdater } from 'electron-updater';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { AppError } from '../../../../main/shared/app-error';
import { resolveUpdateFeed, updateFeedSourcesFromEnv } from '../../../../main/updates/update-feed';
import type { UpdateFeedSources } from '../../../../main/updates/update-feed';
import { createUpdateService } from '../../../../main/updates/update-service';
import type { Timers, UpdaterPort } from '../../../../main/updates/update-service';

type CheckResult = Awaited<ReturnType<UpdaterPort['checkForUpdates']>>;

class FakeUpdater implements UpdaterPort {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  active = true;
  feeds: { provider: 'generic'; url: string }[] = [];
  checks = 0;
  next: () => Promise<CheckResult> = async () => ({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } });

  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feeds.push(options);
  }
  isUpdaterActive(): boolean {
    return this.active;
  }
  checkForUpdates(): Promise<CheckResult> {
    this.checks += 1;
    return this.next();
  }
}

function setup(feed: UpdateFeedSources) {
  const updater = new FakeUpdater();
  const lines: string[] = [];
  const logger = {
    info: (m: string, f?: Record<string, unknown>) => lines.push(`${m} ${JSON.stringify(f)}`),
    warn: (m: string, f?: Record<string, unknown>) => lines.push(`${m} ${JSON.stringify(f)}`),
    error: (m: string, f?: Record<string, unknown>) => lines.push(`${m} ${JSON.stringify(f)}`),
  };
  const service = createUpdateService({ updater, feed: () => feed, logger });
  return { updater, service, lines };
}

describe('updater port', () => {
  it("is satisfied by electron-updater's autoUpdater as is (checked by tsc)", () => {
    expectTypeOf<AppUpdater>().toExtend<UpdaterPort>();
  });
});

describe('update service without a feed URL', () => {
  it('is off and says why, naming how to turn it on', () => {
    const { service } = setup({});
    const status = service.status();
    expect(status.enabled).toBe(false);
    expect(status.reason).toMatch(/^Automatic updates are off: no update feed is configured/);
    expect(status.reason).toContain('SKYHOOK_UPDATE_URL');
  });

  it('never contacts anything when asked to check', async () => {
    const { service, updater } = setup({ env: '  ' });
    const result = await service.check();
    expect(result.state).toBe('disabled');
    expect(updater.checks).toBe(0);
    expect(updater.feeds).toEqual([]);
  });
});

describe('update service with a feed URL', () => {
  it('is on, and a check points the updater at the feed and asks it once', async () => {
    const { service, updater } = setup({ env: 'https://updates.example.com/skyhook' });
    expect(service.status()).toEqual({ enabled: true, reason: 'Updates are checked at https://updates.example.com/skyhook.' });
    updater.next = async () => ({ isUpdateAvailable: true, updateInfo: { version: '0.2.0', releaseDate: '2026-11-20T00:00:00.000Z' } });

    const result = await service.check();

    expect(updater.feeds).toEqual([{ provider: 'generic', url: 'https://updates.example.com/skyhook/' }]);
    expect(updater.checks).toBe(1);
    expect(result).toEqual({
      state: 'available',
      version: '0.2.0',
      releaseDate: '2026-11-20T00:00:00.000Z',
      reason: 'Skyhook 0.2.0 is downloading and will be installed when you quit.',
    });
    // Downloads quietly and installs on quit rather than interrupting work.
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('reports up to date when the feed has nothing newer', async () => {
    const { service } = setup({ setting: 'https://updates.example.com/' });
    await expect(service.check()).resolves.toMatchObject({ state: 'up-to-date', version: '0.1.0' });
  });

  it('says so when running unpackaged, without checking', async () => {
    const { service, updater } = setup({ env: 'https://updates.example.com/' });
    updater.active = false;
    await expect(service.check()).resolves.toMatchObject({ state: 'not-installed' });
    expect(updater.checks).toBe(0);
  });

  it('joins a check already under way instead of starting a second', async () => {
    const { service, updater } = setup({ env: 'https://updates.example.com/' });
    let release: (r: CheckResult) => void = () => {};
    updater.next = () => new Promise((resolve) => (release = resolve));
    const first = service.check();
    const second = service.check();
    release({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } });
    await Promise.all([first, second]);
    expect(updater.checks).toBe(1);
    // …and a later check is a new one.
    updater.next = async () => ({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } });
    await service.check();
    expect(updater.checks).toBe(2);
  });

  it('turns a failed check into an AppError that does not repeat the feed query string', async () => {
    const { service, updater, lines } = setup({ env: 'https://updates.example.com/feed?token=s3cr3t-feed-token' });
    updater.next = async () => {
      throw new Error('HttpError: 404 https://updates.example.com/feed/latest.yml?token=s3cr3t-feed-token');
    };
    const error = await service.check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'update_check_failed', message: 'Skyhook could not check for updates.' });
    expect(JSON.stringify((error as AppError).toShape())).not.toContain('s3cr3t');
    expect(service.status().reason).not.toContain('s3cr3t');
    expect(lines.join('\n')).not.toContain('s3cr3t');
  });
});

describe('periodic checks', () => {
  // Lets every pending promise callback run (setImmediate fires after the microtask queue drains).
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

  function fakeTimers() {
    const timers = {
      callback: null as null | (() => void),
      cleared: [] as unknown[],
      setInterval(callback: () => void) {
        timers.callback = callback;
        return 'handle-1';
      },
      clearInterval(handle: unknown) {
        timers.cleared.push(handle);
      },
    };
    return timers satisfies Timers;
  }

  it('checks at once and on every tick, and stops when asked', async () => {
    const updater = new FakeUpdater();
    const timers = fakeTimers();
    const service = createUpdateService({ updater, feed: () => ({ env: 'https://updates.example.com/' }), timers });
    const stop = service.checkPeriodically(6 * 60 * 60 * 1000);
    await settle();
    expect(updater.checks).toBe(1);
    timers.callback?.();
    await settle();
    expect(updater.checks).toBe(2);
    stop();
    expect(timers.cleared).toEqual(['handle-1']);
  });

  it('stays quiet while no feed is configured', async () => {
    const updater = new FakeUpdater();
    const timers = fakeTimers();
    const service = createUpdateService({ updater, feed: () => ({}), timers });
    service.checkPeriodically(1000);
    timers.callback?.();
    await settle();
    expect(updater.checks).toBe(0);
  });
});

describe('feed URL rules', () => {
  it('prefers SKYHOOK_UPDATE_URL over the setting', () => {
    const feed = resolveUpdateFeed(updateFeedSourcesFromEnv({ SKYHOOK_UPDATE_URL: 'https://a.example.com/u' }, 'https://b.example.com/u'));
    expect(feed).toMatchObject({ ok: true, source: 'environment', url: 'https://a.example.com/u/' });
    expect(resolveUpdateFeed({ setting: 'https://b.example.com/u' })).toMatchObject({ ok: true, source: 'setting' });
  });

  it.each([
    ['http://updates.example.com/', /https:\/\//],
    ['not a url', /not a valid URL/],
    ['https://user:pw@updates.example.com/', /user name or password/],
  ])('refuses %s and keeps updates off', (url, reason) => {
    const feed = resolveUpdateFeed({ env: url });
    expect(feed.ok).toBe(false);
    if (!feed.ok) {
      expect(feed.reason).toMatch(/^Automatic updates are off: SKYHOOK_UPDATE_URL/);
      expect(feed.reason).toMatch(reason);
      expect(feed.reason).not.toContain('pw@');
    }
  });

  it('allows plain http only on this machine (a local test feed)', () => {
    expect(resolveUpdateFeed({ env: 'http://127.0.0.1:8080/feed' })).toMatchObject({ ok: true });
    expect(resolveUpdateFeed({ env: 'http://localhost:8080/feed' })).toMatchObject({ ok: true });
  });
});
