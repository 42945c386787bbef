import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { compose } from '../app/compose';
import type { BridgeServices } from '../bridge/bridge-server';
import { endpointSetup } from '../http/endpoints';
import { guardOpenExternal } from '../http/external-links';
import { mediaPath, resolveMedia } from '../media/media-route';
import type { ImportQueue } from '../profiles/import-queue';
import { policyFilePath } from '../profiles/policy';
import { providerFactories } from '../providers/factories';
import type { Logger } from '../shared/logger';
import { keyFileCipher } from '../vault/keyfile-cipher';
import { saveToDownloads } from './downloads';
import { stdinDialogs } from './stdin-dialogs';

export interface HeadlessServices extends BridgeServices {
  /** Profiles opened from outside (the command line, a second start). */
  imports: ImportQueue;
  close(): Promise<void>;
}

export interface HeadlessStart {
  /** The folder holding package.json, the build and the samples. */
  root: string;
  dataDir: string;
  log: Logger;
  /** Prints one `SKYHOOK_*=` line. */
  say(line: string): void;
  /** A one-time bridge link that opens `url` (start.ts sets it once the bridge listens). */
  linkTo(url: string): string;
}

/**
 * The headless composition: the real main services, for the browser bridge (start.ts) on
 * machines without the Electron binary and for the end-to-end tests. Effects that need a
 * desktop (opening a browser, an OS drag) are printed as one `SKYHOOK_*=` line each.
 */
export async function startServices({ root, dataDir, log, say, linkTo }: HeadlessStart): Promise<HeadlessServices> {
  // Never the installed app: loopback fakes are fine here.
  const build = { packaged: false };
  const { endpoints, problems: endpointProblems } = endpointSetup(process.env, build);
  const policyFile = policyFilePath(process.platform, process.env);
  const dialogs = stdinDialogs(process.stdin, say);
  const app = compose({
    dataDir,
    cacheDir: join(dataDir, 'cache'),
    samplesDir: join(root, 'assets', 'samples'),
    cipher: keyFileCipher(join(dataDir, 'dev-vault.key')),
    cipherWarning:
      'Development mode: secrets are encrypted with a key file kept next to them, which protects nothing. Use the Skyhook app for real credentials.',
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
    appInfo: {
      version: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
      platform: process.platform,
      bridge: true,
      updates: { enabled: false, reason: 'The browser bridge is a development build: updates apply to the installed app.' },
    },
    mediaUrl: (rendition, connectionId, itemId) => `/media/${mediaPath(rendition, connectionId, itemId)}`,
    // No OS keychain here: tests hand the policy passphrase in through the environment.
    ...(policyFile ? { policy: { file: policyFile, passphrase: async () => process.env.SKYHOOK_POLICY_PASSPHRASE } } : {}),
  });
  await app.ready;
  app.problems.push(...endpointProblems);
  return {
    handlers: app.handlers,
    events: app.events,
    imports: app.imports,
    close: () => app.close(),
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
        [first, ...others].map(({ connectionId, itemId }) =>
          app.media.original(connectionId, itemId, app.registry.provider(connectionId), signal),
        ),
      );
      for (const file of files) say(`SKYHOOK_DRAG=${file}`);
    },
  };
}
