import { app, BrowserWindow, clipboard, ClipboardItem, dialog, nativeImage, session, shell, type WebContents } from 'electron';
import electronUpdater from 'electron-updater';
import { copyFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appRoot } from '../app/app-paths';
import { compose } from '../app/compose';
import { lockDataDir } from '../app/data-dir-lock';
import { endpointSetup } from '../http/endpoints';
import { guardOpenExternal } from '../http/external-links';
import type { DragInput } from '../../preload/contract';
import { mediaPath, resolveMedia } from '../media/media-route';
import { mediaScheme } from '../shared/content-security-policy';
import { profileArgs } from '../profiles/import-queue';
import { keychainPassphrase } from '../profiles/os-keychain';
import { policyFilePath } from '../profiles/policy';
import { linkScheme } from '../profiles/profile-source';
import { providerFactories } from '../providers/factories';
import { openWindowState } from '../settings/window-state';
import { updateFeedSourcesFromEnv } from '../updates/update-feed';
import { createUpdateService } from '../updates/update-service';
import { consoleLogger } from '../shared/logger';
import { electronFetch } from './electron-fetch';
import { wireIpc } from './ipc';
import { installMenu } from './menu';
import { handleAppProtocol, isAppUrl, handleMediaProtocol, registerSchemes } from './protocols';
import { askToStoreWeakly, safeStorageCipher } from './safe-storage-cipher';
import { createMainWindow, preloadPath } from './window';

const here = fileURLToPath(new URL('.', import.meta.url));
const log = consoleLogger();

// Profiles the OS hands over (double-clicked .skyhook files, skyhook:// links) can arrive
// before the services exist: macOS sends `open-file` before `ready`. Hold them until then.
const early: string[] = [];
let deliver: ((args: string[]) => void) | undefined;
const receive = (args: string[]) => (deliver ? deliver(args) : early.push(...args));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerSchemes();
  registerProfileOpeners();
  void app.whenReady().then(start);
}

function registerProfileOpeners(): void {
  // Unpackaged, Electron runs as `electron <app dir>`: the OS must be told to pass the app dir.
  if (process.defaultApp && process.argv[1]) app.setAsDefaultProtocolClient(linkScheme, process.execPath, [resolve(process.argv[1])]);
  else app.setAsDefaultProtocolClient(linkScheme);
  app.on('open-file', (event, path) => {
    event.preventDefault();
    receive([path]);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    receive([url]);
  });
  receive(profileArgs(process.argv.slice(1)));
}

async function start(): Promise<void> {
  if (process.env.SKYHOOK_DATA_DIR) app.setPath('userData', process.env.SKYHOOK_DATA_DIR);
  const dataDir = app.getPath('userData');
  // Electron's single-instance lock guards its default profile; this one guards the data
  // folder itself, also against the browser bridge started on the same folder.
  const locked = await lockDataDir(dataDir, profileArgs(process.argv.slice(1)));
  if (locked.kind !== 'acquired') {
    if (locked.kind === 'refused') dialog.showErrorBox('Skyhook is already running', locked.message);
    app.quit();
    return;
  }
  locked.lock.onArgs((args) => receive(profileArgs(args)));
  const root = app.isPackaged ? process.resourcesPath : appRoot(here);
  const store = openWindowState(dataDir, log);
  // A "yes" is remembered for this machine; a "no" is asked again at the next start.
  const { cipher, warning } = await safeStorageCipher(async () => {
    if (store.get('weakSecretStorageAllowed') === true) return true;
    const allowed = await askToStoreWeakly();
    if (allowed) store.set('weakSecretStorageAllowed', true);
    return allowed;
  });
  const policyFile = policyFilePath(process.platform, process.env);
  const keychain = keychainPassphrase(process.platform);

  // Permissions (camera, notifications, …) are never needed: deny them all.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  // Off unless a feed URL is configured; then checked every six hours, installed on quit.
  const updates = createUpdateService({
    updater: electronUpdater.autoUpdater,
    logger: log,
    feed: () => updateFeedSourcesFromEnv(process.env),
  });
  const stopUpdates = updates.checkPeriodically(6 * 60 * 60 * 1000);

  // The installed app takes https overrides only, and says so while any is in use.
  const build = { packaged: app.isPackaged };
  const { endpoints, problems: endpointProblems } = endpointSetup(process.env, build);

  let window: BrowserWindow | undefined;
  const services = compose({
    dataDir,
    cacheDir: join(app.getPath('userData'), 'Media Cache'),
    samplesDir: app.isPackaged ? join(root, 'samples') : join(root, 'assets', 'samples'),
    cipher,
    ...(warning ? { cipherWarning: warning } : {}),
    ports: {
      openExternal: guardOpenExternal((url) => shell.openExternal(url), endpoints, build),
      revealFile: async (path) => shell.showItemInFolder(path),
      // Every app accepts PNG on the clipboard; WebP, SVG or TIFF often not.
      copyImage: async (path) => {
        // Loaded on use: sharp costs hundreds of milliseconds the first window should not wait for.
        const { default: sharp } = await import('sharp');
        const png = new Uint8Array(await sharp(path).png().toBuffer());
        await clipboard.write([new ClipboardItem({ 'image/png': new Blob([png], { type: 'image/png' }) })]);
      },
      saveCopy: async (path, name) => {
        const result = await dialog.showSaveDialog({ defaultPath: join(app.getPath('downloads'), name) });
        if (result.canceled || !result.filePath) return null;
        await copyFile(path, result.filePath);
        return result.filePath;
      },
      pickFolder: async () => {
        const result = await dialog.showOpenDialog({ properties: ['openDirectory'] });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      pickFiles: async () => {
        const result = await dialog.showOpenDialog({ properties: ['openFile', 'multiSelections'] });
        return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
      },
      // A native dialog the page cannot click for the person: "Cancel" is the default.
      confirm: async (question) => {
        const options = {
          type: 'warning' as const,
          title: question.title,
          message: question.message,
          detail: question.detail,
          buttons: ['Cancel', question.confirmLabel],
          defaultId: 0,
          cancelId: 0,
          noLink: true,
        };
        const result = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
        return result.response === 1;
      },
    },
    fetch: electronFetch,
    endpoints,
    factories: providerFactories,
    log,
    appInfo: { version: app.getVersion(), platform: process.platform, bridge: false, updates: updates.status() },
    mediaUrl: (rendition, connectionId, itemId) => `${mediaScheme}://${mediaPath(rendition, connectionId, itemId)}`,
    ...(policyFile
      ? { policy: { file: policyFile, passphrase: async (id: string) => (await keychain(id)) ?? process.env.SKYHOOK_POLICY_PASSPHRASE } }
      : {}),
  });
  await services.ready;
  services.problems.push(...endpointProblems);

  handleAppProtocol(join(here, '../renderer'));
  handleMediaProtocol((path, signal) => resolveMedia(path, services.registry, services.media, signal));
  wireIpc(services.handlers, () => window?.webContents, startDrag, log, services.events);
  installMenu((path) => void services.imports.addFile(path).then(bringToFront));

  function startDrag(sender: WebContents, input: DragInput): void {
    // The same rule as the bridge: only files on disk at dragstart travel. The page hears
    // of every result left behind and shows its download (progress, "Ready — drag again").
    const plan = services.planDrag(input);
    const [file, ...more] = plan.ready ? plan.files : plan.preview ? [plan.preview] : [];
    if (!file) return;
    const icon = plan.icon
      ? nativeImage.createFromPath(plan.icon)
      : nativeImage.createFromPath(join(root, 'assets', 'icons', 'png', '64x64.png'));
    sender.startDrag({ file, ...(more.length ? { files: [file, ...more] } : {}), icon });
  }

  const open = () => {
    window = createMainWindow({
      preload: preloadPath(here),
      bounds: store.get('windowBounds'),
      saveBounds: (bounds) => store.set('windowBounds', bounds),
    });
    window.on('closed', () => (window = undefined));
  };
  open();

  const bringToFront = () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  };
  // The renderer is waiting on `profiles.pending`: queuing a profile opens its import preview.
  deliver = (args) => void services.imports.addArgs(args).then(bringToFront);
  deliver(early.splice(0));

  app.on('second-instance', (_event, argv) => {
    const profiles = profileArgs(argv.slice(1));
    if (profiles.length > 0) receive(profiles);
    else bringToFront();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    stopUpdates();
    void services.close().finally(() => locked.lock.release());
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
  });
}
