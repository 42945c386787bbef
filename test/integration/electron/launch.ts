import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, chromium, type Browser, type ElectronApplication, type Page } from 'playwright-core';
import type { SkyhookBridge } from '../../../preload/contract';
import { electronBinary } from '../../../scripts/electron-binary.mjs';
import { freePort } from '../../harness/free-port';

declare global {
  interface Window {
    skyhook: SkyhookBridge;
  }
}

export const root = join(import.meta.dirname, '..', '..', '..');
export const builtMain = join(root, 'out', 'main', 'index.js');

const packagedPath = process.env.SKYHOOK_PACKAGED_APP || undefined;
/**
 * On the hosted runners a missing binary must fail the run, not skip it quietly; so must a
 * packaged app someone named that is not there.
 */
export const appRequired = process.env.SKYHOOK_REQUIRE_ELECTRON === '1' || packagedPath !== undefined;

export type Target = { kind: 'built'; electron: string } | { kind: 'packaged'; executable: string } | { kind: 'missing'; reason: string };

/**
 * What these tests run: the packaged app SKYHOOK_PACKAGED_APP names, else the built app
 * (`out/main/index.js`) in the Electron binary from node_modules, else nothing and why.
 */
export const target: Target = packagedPath
  ? existsSync(packagedPath)
    ? { kind: 'packaged', executable: resolve(packagedPath) }
    : { kind: 'missing', reason: `SKYHOOK_PACKAGED_APP names ${packagedPath}, which does not exist.` }
  : ((binary) =>
      binary
        ? ({ kind: 'built', electron: binary } as const)
        : ({
            kind: 'missing',
            reason:
              'the Electron binary is not installed here (its download needs internet). Run `npx install-electron` where GitHub is reachable.',
          } as const))(electronBinary());

/**
 * A packaged app has the EnableNodeCliInspectArguments fuse off, so nothing (Playwright
 * included) can attach to its main process; it is driven through its page alone.
 */
export const canReachMain = target.kind === 'built';

export const mainOnlyNote =
  'In the packaged app the main process is out of reach (the EnableNodeCliInspectArguments fuse is off): window preferences, drag-out, the keyring question and the Box sign-in are checked against the built app only.';

export interface LaunchOptions {
  /** Profile files and skyhook:// links, as the OS passes them. */
  args?: string[];
  env?: Record<string, string>;
  /**
   * Pre-answers "store secrets anyway" (Linux without a keyring), as a user who already said
   * yes on this machine. Without it the app waits on that question before opening a window.
   */
  allowWeakSecretStorage?: boolean;
  /** A CommonJS module loaded before the app (`electron -r`); the built app only. */
  preloadModule?: string;
}

export interface Skyhook {
  page: Page;
  dataDir: string;
  /** Playwright's handle on the main process; undefined for a packaged app. */
  main: ElectronApplication | undefined;
  /** Quits as a user does and waits for the process to end; resolves with its exit code. */
  quit(): Promise<number | null>;
  /** Ends the process whatever state it is in, then removes its data folder. */
  dispose(): Promise<void>;
}

const launchTimeout = 60_000;

/** Starts Skyhook with its own fresh SKYHOOK_DATA_DIR and waits for its window's page. */
export async function launchSkyhook(options: LaunchOptions = {}): Promise<Skyhook> {
  if (target.kind === 'missing') throw new Error(`No Electron app to launch: ${target.reason}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'skyhook-electron-'));
  if (options.allowWeakSecretStorage ?? true) {
    writeFileSync(join(dataDir, 'window-state.json'), JSON.stringify({ weakSecretStorageAllowed: true }));
  }
  const env = appEnv({ SKYHOOK_DATA_DIR: dataDir, ...options.env });
  const args = options.args ?? [];
  if (target.kind === 'packaged') {
    if (options.preloadModule) throw new Error('A packaged app loads no -r modules.');
    return launchPackaged(target.executable, args, env, dataDir);
  }
  if (!existsSync(builtMain)) throw new Error(`${builtMain} is missing: run \`npm run build\` first.`);
  return launchBuilt(target.electron, [...(options.preloadModule ? ['-r', options.preloadModule] : []), root, ...args], env, dataDir);
}

/** The test's environment minus anything that would point the app somewhere else. */
function appEnv(overrides: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name.startsWith('SKYHOOK_') || name === 'ELECTRON_RUN_AS_NODE' || name === 'NODE_OPTIONS') continue;
    env[name] = value;
  }
  // An empty policy path means "no policy": a policy on the test machine must not leak in.
  return { ...env, SKYHOOK_POLICY_FILE: '', ...overrides };
}

async function launchBuilt(executablePath: string, args: string[], env: Record<string, string>, dataDir: string): Promise<Skyhook> {
  const app = await electron.launch({
    executablePath,
    args,
    env,
    // Playwright would add --no-sandbox on Linux; the app's renderer must run sandboxed as it does for users.
    chromiumSandbox: true,
    timeout: launchTimeout,
  });
  let page: Page;
  try {
    page = await app.firstWindow({ timeout: launchTimeout });
    await page.waitForURL(/^skyhook-app:\/\/app\//, { timeout: launchTimeout });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const quit = async () => {
    await app.close();
    return app.process().exitCode;
  };
  return {
    page,
    dataDir,
    main: app,
    quit,
    dispose: async () => {
      if (app.process().exitCode === null && app.process().signalCode === null) await app.close().catch(() => app.process().kill());
      await removeDir(dataDir);
    },
  };
}

async function launchPackaged(executable: string, args: string[], env: Record<string, string>, dataDir: string): Promise<Skyhook> {
  // --remote-debugging-port is a Chromium switch, which no fuse turns off.
  const port = await freePort();
  const child = spawn(executable, [`--remote-debugging-port=${port}`, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  let browser: Browser | undefined;
  let page: Page;
  try {
    browser = await connectWhenListening(port, child, () => output);
    const context = browser.contexts()[0];
    if (!context) throw new Error('The packaged app exposes no browser context.');
    const isApp = (p: Page) => p.url().startsWith('skyhook-app://app/');
    page = context.pages().find(isApp) ?? (await context.waitForEvent('page', { predicate: isApp, timeout: launchTimeout }));
    await page.waitForLoadState('domcontentloaded');
  } catch (error) {
    await browser?.close().catch(() => undefined);
    child.kill();
    await exited;
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nApp output:\n${output}`, { cause: error });
  }

  const running = () => child.exitCode === null && child.signalCode === null;
  const quit = async () => {
    // A user quits with the menu; from outside, the closest equivalents are closing the last
    // window (Windows, Linux: the app quits on window-all-closed) and SIGTERM, which Electron
    // turns into app.quit() on macOS and Linux.
    if (process.platform === 'win32') await page.evaluate(() => window.close()).catch(() => undefined);
    else child.kill('SIGTERM');
    const code = await withTimeout(exited, 30_000, 'The packaged app did not quit within 30 s.');
    await browser?.close().catch(() => undefined);
    return code;
  };
  return {
    page,
    dataDir,
    main: undefined,
    quit,
    dispose: async () => {
      await browser?.close().catch(() => undefined);
      if (running()) {
        child.kill();
        await exited;
      }
      await removeDir(dataDir);
    },
  };
}

async function connectWhenListening(port: number, child: ChildProcess, output: () => string): Promise<Browser> {
  const deadline = Date.now() + launchTimeout;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`The packaged app exited (${child.exitCode ?? child.signalCode}) before it could be driven.`);
    try {
      return await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: 5_000 });
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`No DevTools endpoint on port ${port} after ${launchTimeout / 1000} s.\n${output()}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Windows can hold a just-closed app's files for a moment.
const removeDir = (dir: string) => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }).catch(() => undefined);
