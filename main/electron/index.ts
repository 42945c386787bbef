import { app, BrowserWindow, clipboard, ClipboardItem, dialog, nativeImage, net, session, shell, type WebContents } from 'electron';
import ElectronStore from 'electron-store';
import sharp from 'sharp';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appRoot } from '../app/app-paths';
import { compose } from '../app/compose';
import { endpointsFromEnv } from '../http/endpoints';
import { resolveThumbnail, thumbnailPath } from '../media/media-route';
import { providerFactories } from '../providers/factories';
import type { WindowBounds } from '../settings/settings-store';
import { consoleLogger } from '../shared/logger';
import { wireIpc } from './ipc';
import { installMenu } from './menu';
import { handleAppProtocol, isAppUrl, handleMediaProtocol, mediaScheme, registerSchemes } from './protocols';
import { askToStoreWeakly, safeStorageCipher } from './safe-storage-cipher';
import { createMainWindow, preloadPath } from './window';

const here = fileURLToPath(new URL('.', import.meta.url));
const log = consoleLogger();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerSchemes();
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  if (process.env.SKYHOOK_DATA_DIR) app.setPath('userData', process.env.SKYHOOK_DATA_DIR);
  const dataDir = app.getPath('userData');
  const root = app.isPackaged ? process.resourcesPath : appRoot(here);
  const { cipher, warning } = await safeStorageCipher(askToStoreWeakly);

  // Permissions (camera, notifications, …) are never needed: deny them all.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  let window: BrowserWindow | undefined;
  const services = compose({
    dataDir,
    cacheDir: join(app.getPath('userData'), 'Media Cache'),
    samplesDir: app.isPackaged ? join(root, 'samples') : join(root, 'assets', 'samples'),
    cipher,
    ...(warning ? { cipherWarning: warning } : {}),
    createStore: (options) => new ElectronStore(options),
    ports: {
      openExternal: (url) => shell.openExternal(url),
      revealFile: async (path) => shell.showItemInFolder(path),
      // Every app accepts PNG on the clipboard; WebP, SVG or TIFF often not.
      copyImage: async (path) => {
        const png = new Uint8Array(await sharp(path).png().toBuffer());
        await clipboard.write([new ClipboardItem({ 'image/png': new Blob([png], { type: 'image/png' }) })]);
      },
      pickFolder: async () => {
        const result = await dialog.showOpenDialog({ properties: ['openDirectory'] });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    },
    // Electron's net.fetch uses the system proxy settings and the OS certificate store.
    fetch: (input, init) => net.fetch(input instanceof URL ? input.toString() : input, init),
    endpoints: endpointsFromEnv(),
    factories: providerFactories,
    log,
    appInfo: { version: app.getVersion(), platform: process.platform, bridge: false },
    thumbnailUrl: (connectionId, itemId) => `${mediaScheme}://${thumbnailPath(connectionId, itemId)}`,
  });

  handleAppProtocol(join(here, '../renderer'));
  handleMediaProtocol((path, signal) => resolveThumbnail(path, services.registry, services.media, signal));
  wireIpc(services.handlers, () => window?.webContents, startDrag, log);
  installMenu();

  function startDrag(sender: WebContents, input: { connectionId: string; itemId: string }): void {
    const ready = services.media.readyForDrag(input.connectionId, input.itemId);
    if (!ready) return;
    const icon = ready.icon ? nativeImage.createFromPath(ready.icon) : nativeImage.createFromPath(join(root, 'assets', 'icons', '64x64.png'));
    sender.startDrag({ file: ready.file, icon });
  }

  const store = new ElectronStore<{ windowBounds?: WindowBounds }>({ name: 'window-state', cwd: dataDir });
  const open = () => {
    window = createMainWindow({
      preload: preloadPath(here),
      bounds: store.get('windowBounds'),
      saveBounds: (bounds) => store.set('windowBounds', bounds),
    });
    window.on('closed', () => (window = undefined));
  };
  open();

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => void services.close());
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
  });
}
