import { homedir } from 'node:os';
import { join } from 'node:path';
import { appRoot } from '../app/app-paths';
import { lockDataDir } from '../app/data-dir-lock';
import { startBridge } from '../bridge/bridge-server';
import { importFlagValues } from '../profiles/import-flags';
import { consoleLogger } from '../shared/logger';
import { ensurePrivateDir } from './private-dir';

/**
 * The browser bridge's entry (`out/main/headless.js`). It takes the data folder, serves the
 * page and prints its address first, and loads and starts main's services (`./serve`) once
 * the page has its scripts, so the browser runs them while the services start; the page's
 * calls wait for them (issue #13: start → a usable search field). Effects that need a desktop are
 * printed as one `SKYHOOK_*=` line each.
 */
async function main(): Promise<void> {
  const root = appRoot();
  const dataDir = process.env.SKYHOOK_DATA_DIR ?? join(homedir(), '.skyhook-dev');
  const log = consoleLogger();
  const say = (line: string): void => {
    process.stdout.write(line + '\n');
  };
  ensurePrivateDir(dataDir);
  // One instance per data folder: a second start hands its --import files to the first.
  const imports = importFlagValues(process.argv.slice(2));
  const locked = await lockDataDir(dataDir, imports);
  if (locked.kind === 'handed-off') {
    say(`SKYHOOK_HANDED_OFF=${locked.pid}`);
    process.stderr.write(`Skyhook is already running on ${dataDir} (process ${locked.pid}); it opens what you asked for.\n`);
    process.exit(0);
  }
  if (locked.kind === 'refused') {
    process.stderr.write(`Skyhook could not start: ${locked.message}\n`);
    process.exit(1);
  }
  // Set once the bridge listens; nothing is opened before that.
  let linkTo: (url: string) => string = (url) => url;
  // Loaded once the page has its scripts (see Bridge.pageServed): the browser runs them while
  // this process loads the services, instead of waiting for them to be sent.
  let wanted: () => void = () => {};
  const services = new Promise<void>((resolve) => (wanted = resolve))
    .then(() => import('./serve'))
    .then(({ startServices }) => startServices({ root, dataDir, log, say, linkTo: (url) => linkTo(url) }));
  // A failure to start is reported where it is awaited, below, not as an unhandled rejection.
  services.catch(() => undefined);
  const bridge = await startBridge({
    rendererDir: join(root, 'out', 'renderer'),
    services,
    log,
    ...(process.env.SKYHOOK_BRIDGE_PORT ? { port: Number(process.env.SKYHOOK_BRIDGE_PORT) } : {}),
  });
  linkTo = (url) => bridge.linkTo(url);
  say(`SKYHOOK_URL=${bridge.url}`);
  void bridge.pageServed.then(wanted);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await bridge.close();
    await (await services).close();
    await locked.lock.release();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());

  const app = await services;
  // `--import <file>` opens the import preview as soon as the page asks for it; reading it
  // (bounded, regular files only) never holds up the start.
  void app.imports.addArgs(imports, 'command-line');
  locked.lock.onArgs((handed) => void app.imports.addArgs(handed, 'command-line'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Skyhook could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
