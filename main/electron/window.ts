import { BrowserWindow, screen, shell } from 'electron';
import { join } from 'node:path';
import type { WindowBounds } from '../settings/settings-store';
import { appOrigin, isAppUrl } from './protocols';

export interface WindowOptions {
  preload: string;
  bounds: WindowBounds | undefined;
  saveBounds(bounds: WindowBounds): void;
}

/** The one window: sandboxed, isolated, no Node, no navigation away, no new windows. */
export function createMainWindow({ preload, bounds, saveBounds }: WindowOptions): BrowserWindow {
  const visible = bounds && screen.getAllDisplays().some((d) => contains(d.workArea, bounds));
  const window = new BrowserWindow({
    width: bounds?.width ?? 1180,
    height: bounds?.height ?? 780,
    ...(visible && bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: 'Skyhook',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  if (bounds?.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the browser; nothing opens inside Skyhook.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());

  window.on('close', () => {
    const { x, y, width, height } = window.getNormalBounds();
    saveBounds({ x, y, width, height, maximized: window.isMaximized() });
  });
  void window.loadURL(`${appOrigin}/index.html`);
  return window;
}

const contains = (area: Electron.Rectangle, b: WindowBounds) =>
  b.x !== undefined &&
  b.y !== undefined &&
  b.x >= area.x - 50 &&
  b.y >= area.y - 50 &&
  b.x < area.x + area.width &&
  b.y < area.y + area.height;

export const preloadPath = (dir: string) => join(dir, '../preload/index.cjs');
