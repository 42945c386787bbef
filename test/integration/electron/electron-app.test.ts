import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { WebPreferences } from 'electron';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProfileValue, profileFormat, profileVersion, type ProfileConnection } from '../../../main/profiles/profile-format';
import { profileLink } from '../../../main/profiles/profile-source';
import { channels } from '../../../preload/contract';
import { answerAuthorizePage, startFakeBox, type FakeBox } from '../../fakes/box';
import { demoCredentials, seedDemo, type DemoData } from '../../fakes/box/demo';
import { freePort } from '../../harness/free-port';
import { appRequired, canReachMain, launchSkyhook, mainOnlyNote, root, target, type Skyhook } from './launch';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';

/**
 * Smoke tests of the real desktop app: the built `out/main/index.js` in the Electron binary
 * from node_modules, or the packaged app SKYHOOK_PACKAGED_APP names (release builds). They
 * run one app at a time: the app takes a single-instance lock, and a second copy would hand
 * its arguments to the first and quit.
 */

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const samples = join(root, 'assets', 'samples');
const present = target.kind !== 'missing';
const onLinux = process.platform === 'linux';
/** Starting Electron, and on a busy 2-core runner more so, takes longer than vitest's defaults. */
const slow = 90_000;

if (target.kind === 'missing') console.warn(`Skipping the Electron app tests: ${target.reason}`);
else if (!canReachMain) console.warn(mainOnlyNote);

/** What the test module in answer-message-boxes.cjs and the stubs below leave on the main process's globalThis. */
interface MainRecords {
  __skyhookMessageBoxes?: { message: string; buttons: string[] }[];
  __skyhookDrags?: { file: string; iconEmpty: boolean; iconWidth: number }[];
  __skyhookOpened?: string[];
}

const searchbox = (page: Page) => page.getByRole('searchbox', { name: 'Search images' });
const tileOf = (page: Page, name: string) => page.getByRole('gridcell').filter({ has: page.getByRole('img', { name, exact: true }) });

/** A profile exactly as Share with team writes one (checked with the app's own parser). */
function profileText(connection: ProfileConnection): string {
  const document = { format: profileFormat, version: profileVersion, exportedAt: new Date().toISOString(), connection };
  parseProfileValue(document);
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A CSP as directive → sources. */
function directives(policy: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (policy ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

describe.runIf(appRequired)('the app under test', () => {
  it('is there (SKYHOOK_REQUIRE_ELECTRON=1 or SKYHOOK_PACKAGED_APP is set)', () => {
    expect(target.kind === 'missing' ? `missing: ${target.reason}` : 'present').toBe('present');
  });
});

describe.runIf(present)('the Electron app window', { timeout: slow }, () => {
  let app: Skyhook;
  let page: Page;

  beforeAll(async () => {
    app = await launchSkyhook();
    page = app.page;
    await searchbox(page).waitFor({ timeout: slow });
  }, slow);

  afterAll(async () => {
    await app?.dispose();
  }, slow);

  it('starts this version of Skyhook in Electron, not the browser bridge', async () => {
    expect(page.url()).toBe('skyhook-app://app/index.html');
    expect(await page.title()).toBe('Skyhook');
    const info = await page.evaluate(() => window.skyhook['app.info']({}));
    expect(info).toMatchObject({ ok: true, value: { version: pkg.version, bridge: false } });
  });

  it.runIf(canReachMain)('runs the built out/main/index.js of this project', async () => {
    const started = await app.main!.evaluate(({ app: electronApp }) => ({
      packaged: electronApp.isPackaged,
      appPath: electronApp.getAppPath(),
    }));
    expect(started).toEqual({ packaged: false, appPath: root });
  });

  it.runIf(canReachMain)('opens every window sandboxed, context-isolated and without Node integration', async () => {
    const windows = await app.main!.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((window) => {
        // Undocumented (Electron's own code uses it) and so missing from its typings.
        const contents = window.webContents as typeof window.webContents & { getLastWebPreferences?: () => WebPreferences | null };
        const prefs = typeof contents.getLastWebPreferences === 'function' ? contents.getLastWebPreferences() : undefined;
        return {
          url: contents.getURL(),
          sandbox: prefs?.sandbox,
          contextIsolation: prefs?.contextIsolation,
          nodeIntegration: prefs?.nodeIntegration,
          nodeIntegrationInWorker: prefs?.nodeIntegrationInWorker ?? false,
          nodeIntegrationInSubFrames: prefs?.nodeIntegrationInSubFrames ?? false,
          webviewTag: prefs?.webviewTag ?? false,
          webSecurity: prefs?.webSecurity ?? true,
        };
      }),
    );
    expect(windows.length).toBeGreaterThan(0);
    for (const window of windows) {
      expect(window).toEqual({
        url: 'skyhook-app://app/index.html',
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webviewTag: false,
        webSecurity: true,
      });
    }
  });

  it.runIf(canReachMain && !onLinux)('runs every page in a process the OS sandboxes', async () => {
    // What the OS enforces, beside what the window asked for (Electron reports it on macOS and Windows).
    const pages = await app.main!.evaluate(({ app: electronApp }) =>
      electronApp
        .getAppMetrics()
        .filter((metric) => metric.type === 'Tab')
        .map((metric) => ({ pid: metric.pid, sandboxed: metric.sandboxed })),
    );
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) expect(page, `renderer ${page.pid}`).toMatchObject({ sandboxed: true });
  });

  it('serves the page with a strict Content-Security-Policy, as a header and in the page', async () => {
    const policies = await page.evaluate(async () => ({
      header: (await fetch(location.href)).headers.get('content-security-policy'),
      meta: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
    }));
    for (const [where, policy] of Object.entries(policies)) {
      expect(policy, where).toBeTruthy();
      const csp = directives(policy);
      expect(csp.get('default-src'), where).toEqual(["'none'"]);
      expect(csp.get('script-src'), where).toEqual(["'self'"]);
      expect(csp.get('object-src'), where).toEqual(["'none'"]);
      expect(csp.get('base-uri'), where).toEqual(["'none'"]);
      expect(policy, where).not.toMatch(/'unsafe-(inline|eval)'|\*/);
    }
    // Only a header can forbid framing: browsers ignore frame-ancestors in a meta tag.
    expect(directives(policies.header).get('frame-ancestors')).toEqual(["'none'"]);
    // The inlined style sheet is allowed by the same hash in both (each computed from the built page).
    expect(directives(policies.header).get('style-src')).toEqual(directives(policies.meta).get('style-src'));
    expect(directives(policies.header).get('style-src')?.[1]).toMatch(/^'sha256-/);
  });

  it('enforces the policy: neither eval nor an injected inline script runs', async () => {
    const outcome = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective));
      // Each attempt runs in a task of the page's own: DevTools lets the code it evaluates
      // directly use eval whatever the policy says, which would prove nothing.
      const inPageTask = <T>(run: () => T) => new Promise<T>((resolve) => setTimeout(() => resolve(run()), 0));
      const evalRan = await inPageTask(() => {
        try {
          return (0, eval)('true') === true;
        } catch {
          return false;
        }
      });
      await inPageTask(() => {
        const script = document.createElement('script');
        script.textContent = 'document.documentElement.dataset.inlineScriptRan = "yes";';
        document.head.append(script);
        script.remove();
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { evalRan, inlineRan: document.documentElement.dataset.inlineScriptRan === 'yes', violations };
    });
    expect(outcome.evalRan).toBe(false);
    expect(outcome.inlineRan).toBe(false);
    expect(outcome.violations).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src/)]));
  });

  it('gives the page exactly the contract and no Node', async () => {
    const exposed = await page.evaluate(() => {
      const global = globalThis as unknown as { skyhook: object; require?: unknown; process?: unknown; module?: unknown };
      return {
        keys: Object.keys(global.skyhook).sort(),
        require: typeof global.require,
        process: typeof global.process,
        module: typeof global.module,
      };
    });
    expect(exposed.keys).toEqual([...channels, 'cancel', 'on', 'startDrag'].sort());
    expect(exposed.require).toBe('undefined');
    expect(exposed.process).toBe('undefined');
    expect(exposed.module).toBe('undefined');
  });

  it('finds the Samples by part of their name and shows their thumbnails through skyhook-media', async () => {
    await searchbox(page).fill('sun');
    const images = page.getByRole('gridcell').getByRole('img');
    await expect
      .poll(() => images.evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt')).sort()), { timeout: 20_000 })
      .toEqual(['harbor-sunset.jpg', 'sunrise-gradient.png']);
    await expect
      .poll(() => images.evaluateAll((imgs) => imgs.filter((img) => img instanceof HTMLImageElement && img.naturalWidth > 0).length), {
        timeout: 20_000,
      })
      .toBe(2);
  });

  it.runIf(canReachMain)('drags a ready result out as the real file, with an icon', async () => {
    // Stand in for the OS drag (which needs a person's mouse) and note what main asks for.
    await app.main!.evaluate(({ BrowserWindow }) => {
      const drags: NonNullable<MainRecords['__skyhookDrags']> = [];
      (globalThis as MainRecords).__skyhookDrags = drags;
      for (const window of BrowserWindow.getAllWindows()) {
        window.webContents.startDrag = (item) => {
          const icon = typeof item.icon === 'string' ? null : item.icon;
          drags.push({ file: item.file, iconEmpty: icon?.isEmpty() ?? true, iconWidth: icon?.getSize().width ?? 0 });
        };
      }
    });
    const drags = () => app.main!.evaluate(() => (globalThis as MainRecords).__skyhookDrags ?? []);

    await searchbox(page).fill('aurora-waves');
    const tile = tileOf(page, 'aurora-waves.jpg');
    await tile.waitFor({ timeout: 20_000 });
    const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
    // The OS needs the file on disk when the drag starts: a first drag fetches it and the tile
    // says "Ready to drag" (unless hovering already had), then the drag a user makes again goes out.
    await tile.dispatchEvent('dragstart', { dataTransfer });
    await expect
      .poll(async () => (await drags()).length > 0 || (await tile.getByText('Ready to drag').count()) > 0, { timeout: 20_000 })
      .toBe(true);
    await tile.dispatchEvent('dragstart', { dataTransfer });
    await expect.poll(async () => (await drags()).length, { timeout: 10_000 }).toBeGreaterThan(0);

    const drag = (await drags()).at(-1)!;
    expect(basename(drag.file)).toBe('aurora-waves.jpg');
    expect(existsSync(drag.file)).toBe(true);
    expect(readFileSync(drag.file).equals(readFileSync(join(samples, 'aurora-waves.jpg')))).toBe(true);
    expect(drag.iconEmpty).toBe(false);
    expect(drag.iconWidth).toBeGreaterThan(0);
  });

  it('stays on the app when the page tries to navigate away', async () => {
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(page.url()).toBe('skyhook-app://app/index.html');
    await searchbox(page).waitFor();
  });

  it.runIf(!onLinux)('keeps secrets encrypted by the OS (Keychain on macOS, DPAPI on Windows)', async () => {
    const info = await page.evaluate(() => window.skyhook['app.info']({}));
    expect(info).toMatchObject({
      ok: true,
      value: { secretStorage: { backend: process.platform === 'darwin' ? 'keychain' : 'dpapi', strong: true } },
    });
  });

  // Last: it leaves the window on the Connections page.
  it.runIf(onLinux)('on Linux, keeps secrets in the keyring, or says on the Connections page that there is none', async () => {
    const info = await page.evaluate(() => window.skyhook['app.info']({}));
    if (!info.ok) throw new Error(info.error.message);
    const storage = info.value.secretStorage;
    await page.getByRole('button', { name: 'Connections', exact: true }).click();
    const warning = page.getByText('No system keyring was found');
    if (storage.strong) {
      expect(storage.backend).toMatch(/^(gnome_libsecret|kwallet\d?)$/);
      expect(await warning.count()).toBe(0);
    } else {
      expect(storage.backend).toMatch(/^(basic_text|unknown)$/);
      await warning.first().waitFor();
    }
  });
});

const messageBoxHook = join(import.meta.dirname, 'answer-message-boxes.cjs');

describe.runIf(present && canReachMain)('secret storage on a first start', () => {
  let app: Skyhook | undefined;
  afterAll(async () => {
    await app?.dispose();
  }, slow);

  /** Starts with no earlier answer on record, noting (and answering) any message box. */
  async function firstStart() {
    app = await launchSkyhook({ allowWeakSecretStorage: false, preloadModule: messageBoxHook });
    const state = await app.main!.evaluate(({ safeStorage }) => ({
      available: safeStorage.isEncryptionAvailable(),
      backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform,
      roundTrip: safeStorage.isEncryptionAvailable() ? safeStorage.decryptString(safeStorage.encryptString('skyhook')) : null,
      messageBoxes: (globalThis as MainRecords).__skyhookMessageBoxes ?? null,
    }));
    // null: the -r module did not load, so nothing here could have seen a question.
    expect(state.messageBoxes).not.toBeNull();
    return { app, ...state };
  }

  it.runIf(!onLinux)(
    'encrypts with the OS without asking anything',
    async () => {
      const state = await firstStart();
      expect(state.available).toBe(true);
      expect(state.roundTrip).toBe('skyhook');
      expect(state.messageBoxes).toEqual([]);
    },
    slow,
  );

  it.runIf(onLinux)(
    'on Linux, uses the keyring when there is one, and otherwise asks before storing secrets weakly',
    async () => {
      const state = await firstStart();
      if (state.backend === 'basic_text' || state.backend === 'unknown') {
        expect(state.messageBoxes).toEqual([
          { message: 'Your system keyring is not available', buttons: ['Store secrets anyway', 'Do not store secrets'] },
        ]);
        // The window opened only after the answer, and the "yes" is remembered for this machine.
        await searchbox(state.app.page).waitFor();
        expect(await state.app.quit()).toBe(0);
        expect(JSON.parse(readFileSync(join(state.app.dataDir, 'window-state.json'), 'utf8'))).toMatchObject({
          weakSecretStorageAllowed: true,
        });
      } else {
        expect(state.available).toBe(true);
        expect(state.roundTrip).toBe('skyhook');
        expect(state.messageBoxes).toEqual([]);
      }
    },
    slow,
  );
});

describe.runIf(present)('profiles opened from outside the window', () => {
  let app: Skyhook | undefined;
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'skyhook-electron-profiles-'));
  });
  afterAll(async () => {
    await app?.dispose();
    await rm(work, { recursive: true, force: true });
  }, slow);

  it(
    'shows the import preview for a .skyhook file given as an argument, and imports it on confirm',
    async () => {
      const folder = join(work, 'Nature photos');
      mkdirSync(folder);
      copyFileSync(join(samples, 'nature', 'glacier-blue.jpg'), join(folder, 'glacier-blue.jpg'));
      const file = join(work, 'Nature photos.skyhook');
      writeFileSync(file, profileText({ kind: 'local', name: 'Nature photos', config: { folder } }));

      app = await launchSkyhook({ args: [file] });
      const { page } = app;
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: 'Import Nature photos?' }).waitFor({ timeout: 30_000 });
      expect(await dialog.getByRole('definition').allTextContents()).toEqual(expect.arrayContaining(['Nature photos', folder]));
      await dialog.getByRole('button', { name: 'Import connection' }).click();
      await dialog.getByRole('status').filter({ hasText: 'Added Nature photos.' }).waitFor();
      await dialog.getByRole('button', { name: 'Done' }).click();

      await searchbox(page).fill('glacier');
      const fromImported = page
        .getByRole('gridcell')
        .filter({ has: page.locator('.tile-source', { hasText: /^Nature photos$/ }) })
        .getByRole('img');
      await expect
        .poll(() => fromImported.evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt'))), { timeout: 20_000 })
        .toEqual(['glacier-blue.jpg']);
      await app.dispose();
      app = undefined;
    },
    slow,
  );

  it(
    'shows the import preview for a skyhook:// link given as an argument',
    async () => {
      // Windows and Linux hand a clicked link to the app as an argument (macOS sends open-url).
      const link = profileLink(
        profileText({
          kind: 'box-ccg',
          name: 'Design Box',
          config: { clientId: 'skyhooklinktest000000000000000001', subjectType: 'enterprise', subjectId: '4242' },
        }),
      );
      app = await launchSkyhook({ args: [link] });
      const dialog = app.page.getByRole('dialog');
      await dialog.getByRole('heading', { name: 'Import Design Box?' }).waitFor({ timeout: 30_000 });
      const facts = await dialog.getByRole('definition').allTextContents();
      expect(facts).toEqual(expect.arrayContaining(['Design Box', 'skyhooklinktest000000000000000001', '4242']));
      expect(facts.join(' ')).toContain('Client secret not included');
      // Nothing is added before the user confirms.
      const list = await app.page.evaluate(() => window.skyhook['connections.list']({}));
      expect(list.ok && list.value.map((c) => c.name)).toEqual(['Samples']);
      await app.dispose();
      app = undefined;
    },
    slow,
  );
});

describe.runIf(present && canReachMain)('Box OAuth sign-in from the app', () => {
  let box: FakeBox;
  let demo: DemoData;
  let proxy: RecordingProxy;
  let app: Skyhook;

  beforeAll(async () => {
    box = await startFakeBox();
    demo = await seedDemo(box.state);
    proxy = await startRecordingProxy();
    app = await launchSkyhook({
      env: { SKYHOOK_BOX_API_URL: box.apiUrl, SKYHOOK_BOX_ACCOUNT_URL: box.accountUrl, SKYHOOK_BOX_APP_URL: box.appUrl },
    });
    await app.main!.evaluate(async ({ session, shell }, proxyHostPort) => {
      // The user's browser is the test: note the URL instead of opening it.
      const opened: string[] = [];
      (globalThis as MainRecords).__skyhookOpened = opened;
      shell.openExternal = async (url: string) => {
        opened.push(url);
      };
      // Chromium sends even loopback requests through this proxy ("<-loopback>"); Node's fetch never would.
      await session.defaultSession.setProxy({ proxyRules: `http=${proxyHostPort}`, proxyBypassRules: '<-loopback>' });
      await session.defaultSession.closeAllConnections();
    }, proxy.hostPort);
    await searchbox(app.page).waitFor();
  }, slow);

  afterAll(async () => {
    await app?.dispose();
    await proxy?.close();
    await box?.close();
  }, slow);

  it(
    'signs in through the browser and the loopback redirect, talking to Box through net.fetch',
    async () => {
      const port = await freePort();
      const { page } = app;
      const saved = await page.evaluate(
        (c) =>
          window.skyhook['connections.save']({
            kind: 'box-oauth',
            name: 'Box OAuth',
            config: { clientId: c.clientId, redirectPort: c.port },
            secrets: { clientSecret: c.clientSecret },
          }),
        { clientId: demoCredentials.oauthClientId, clientSecret: demoCredentials.oauthClientSecret, port },
      );
      if (!saved.ok) throw new Error(saved.error.message);

      const signingIn = page.evaluate((id) => window.skyhook['connections.signIn']({ id }), saved.value.id);
      const opened = () => app.main!.evaluate(() => (globalThis as MainRecords).__skyhookOpened ?? []);
      await expect.poll(async () => (await opened()).length, { timeout: 20_000 }).toBe(1);
      const authorizeUrl = new URL((await opened())[0]!);
      expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${box.accountUrl}/api/oauth2/authorize`);
      expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/callback`);

      const callback = await answerAuthorizePage(authorizeUrl.toString(), 'grant');
      expect(await callback.text()).toContain('You are signed in');
      expect(await signingIn).toMatchObject({ ok: true, value: { auth: 'signed-in', account: demo.designer.login } });

      expect(box.state.counters.tokenRequests.authorization_code).toBe(1);
      expect(proxy.seen).toContain(`POST ${box.apiUrl}/oauth2/token`);
      expect(proxy.seen.some((line) => line.startsWith(`GET ${box.apiUrl}/2.0/users/me`))).toBe(true);

      await page.getByRole('button', { name: 'Connections', exact: true }).click();
      await expect
        .poll(() => page.getByRole('listitem').filter({ hasText: 'Box OAuth' }).textContent())
        .toContain(`signed in as ${demo.designer.login}`);
    },
    slow,
  );
});

describe.runIf(present)('quitting', () => {
  let app: Skyhook | undefined;
  afterAll(async () => {
    await app?.dispose();
  }, slow);

  it(
    'quits cleanly and leaves settings.json and vault.json readable, with the secret encrypted',
    async () => {
      app = await launchSkyhook();
      const secret = 'quit-test-client-secret-5d1e';
      const saved = await app.page.evaluate(
        (clientSecret) =>
          window.skyhook['connections.save']({
            kind: 'box-ccg',
            name: 'Quit test',
            config: { clientId: 'skyhookquittest00000000000000001', subjectType: 'enterprise', subjectId: '4242' },
            secrets: { clientSecret },
          }),
        secret,
      );
      expect(saved).toMatchObject({ ok: true, value: { name: 'Quit test', secrets: { clientSecret: { set: true } } } });

      expect(await app.quit()).toBe(0);
      const settings = JSON.parse(readFileSync(join(app.dataDir, 'settings.json'), 'utf8')) as { connections?: { name: string }[] };
      expect(settings.connections?.map((c) => c.name)).toEqual(['Samples', 'Quit test']);
      const vaultText = readFileSync(join(app.dataDir, 'vault.json'), 'utf8');
      expect(() => JSON.parse(vaultText) as unknown).not.toThrow();
      expect(vaultText).not.toContain(secret);
    },
    slow,
  );
});
