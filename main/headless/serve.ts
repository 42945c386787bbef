import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { appRoot } from '../app/app-paths';
import { compose } from '../app/compose';
import { lockDataDir } from '../app/data-dir-lock';
import { startBridge } from '../bridge/bridge-server';
import { endpointSetup } from '../http/endpoints';
import { guardOpenExternal } from '../http/external-links';
import { mediaPath, resolveMedia } from '../media/media-route';
import { importFlagValues } from '../profiles/import-queue';
import { policyFilePath } from '../profiles/policy';
import { providerFactories } from '../providers/factories';
import { consoleLogger } from '../shared/logger';
import { keyFileCipher } from '../vault/keyfile-cipher';
import { saveToDownloads } from './downloads';
import { ensurePrivateDir } from './private-dir';
import { stdinDialogs } from './stdin-dialogs';

/**
 * The headless composition: the real main services behind the browser bridge, for
 * machines without the Electron binary and for the end-to-end tests. Effects that need a
 * desktop (opening a browser, an OS drag) are printed as one `SKYHOOK_*=` line each.
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
  // Never the installed app: loopback fakes are fine here.
  const build = { packaged: false };
  const { endpoints, problems: endpointProblems } = endpointSetup(process.env, build);
  // Set once the bridge listens; nothing is opened before that.
  let linkTo: (url: string) => string = (url) => url;

  const policyFile = policyFilePath(process.platform, process.env);
  const dialogs = stdinDialogs(process.stdin, say);
  const app = compose({
    dataDir,
    cacheDir: join(dataDir, 'cache'),
    samplesDir: join(root, 'assets', 'samples'),
    cipher: keyFileCipher(join(dataDir, 'dev-vault.key')),
    cipherWarning:
      'Development mode: secrets are encrypted with a key file kept next to them, which protects nothing. Use the Skyhook app for real credentials.',
    createStore: (options) => new Conf(options),
    ports: {
      // A one-time bridge link, not the URL: sign-in URLs carry the OAuth state.
      openExternal: guardOpenExternal(async (url) => say(`SKYHOOK_OPEN_EXTERNAL=${linkTo(url)}`), endpoints, build),
      revealFile: async (path) => say(`SKYHOOK_REVEAL=${path}`),
      copyImage: async (path) => say(`SKYHOOK_COPY=${path}`),
      saveCopy: async (path, name) => {
        const saved = await saveToDownloads(path, name, process.env.SKYHOOK_DOWNLOADS_DIR ?? join(homedir(), 'Downloads'));
        say(`SKYHOOK_SAVE_AS=${saved}`);
        return saved;
      },
      // Export of secrets and the files to upload: the person at the terminal answers, the page cannot.
      ...dialogs,
    },
    fetch: globalThis.fetch,
    endpoints,
    factories: providerFactories,
    log,
    appInfo: { version: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version, platform: process.platform,
      bridge: true,
      updates: { enabled: false, reason: 'The browser bridge is a development build: updates apply to the installed app.' },
    },
    mediaUrl: (rendition, connectionId, itemId) => `/media/${mediaPath(rendition, connectionId, itemId)}`,
    // No OS keychain here: tests hand the policy passphrase in through the environment.
    ...(policyFile ? { policy: { file: policyFile, passphrase: async () => process.env.SKYHOOK_POLICY_PASSPHRASE } } : {}),
  });
  await app.ready;
  app.problems.push(...endpointProblems);
  // `--import <file>` opens the import preview as soon as the page asks for it; reading it
  // (bounded, regular files only) never holds up the start.
  void app.imports.addArgs(imports, 'command-line');
  locked.lock.onArgs((handed) => void app.imports.addArgs(handed, 'command-line'));

  const bridge = await startBridge({
    rendererDir: join(root, 'out', 'renderer'),
    handlers: app.handlers,
    events: app.events,
    resolveMedia: (path, signal) => resolveMedia(path, app.registry, app.media, signal),
    // In a browser there is no OS drag. The desktop's rule decides first: every file it
    // would have met missing at dragstart is named (SKYHOOK_DRAG_NOT_READY; the page hears of
    // it too), so tests and benchmarks count what desktop users get; then the drag completes
    // with the files on disk (or the preview, when the person chose that), one line per file
    // in drag order.
    startDrag: async (input) => {
      const plan = app.planDrag(input);
      for (const item of plan.missing) say(`SKYHOOK_DRAG_NOT_READY=${item.name}`);
      if (plan.preview) {
        say(`SKYHOOK_DRAG=${plan.preview}`);
        return;
      }
      const signal = AbortSignal.timeout(120_000);
      const { others = [], ...first } = input;
      const files = await Promise.all(
        [first, ...others].map(({ connectionId, itemId }) => app.media.original(connectionId, itemId, app.registry.provider(connectionId), signal)),
      );
      for (const file of files) say(`SKYHOOK_DRAG=${file}`);
    },
    log,
    ...(process.env.SKYHOOK_BRIDGE_PORT ? { port: Number(process.env.SKYHOOK_BRIDGE_PORT) } : {}),
  });
  linkTo = (url) => bridge.linkTo(url);
  say(`SKYHOOK_URL=${bridge.url}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await bridge.close();
    await app.close();
    await locked.lock.release();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`Skyhook could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
