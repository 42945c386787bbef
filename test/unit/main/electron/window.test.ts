import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// A stand-in for Electron's BrowserWindow that records what Skyhook asks of it, so the
// security settings are checked here, where the Electron binary cannot run.
const created: FakeWindow[] = [];
const opened: string[] = [];

class FakeWebContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
}

class FakeWindow extends EventEmitter {
  webContents = new FakeWebContents();
  loaded: string | undefined;
  constructor(readonly options: Record<string, unknown>) {
    super();
    created.push(this);
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  maximize() {}
  show() {}
  isMaximized() {
    return false;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 900, height: 700 };
  }
}

vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  shell: { openExternal: (url: string) => opened.push(url) },
  protocol: {},
  net: {},
}));

const { createMainWindow } = await import('../../../../main/electron/window');

describe('the main window', () => {
  beforeEach(() => {
    created.length = 0;
    opened.length = 0;
  });

  const open = (saved: Array<Record<string, unknown>> = []) =>
    createMainWindow({ preload: '/app/preload.cjs', bounds: undefined, saveBounds: (b) => saved.push({ ...b }) });

  it('runs the page sandboxed and isolated, without Node', () => {
    open();
    const prefs = created[0]?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/app/preload.cjs',
    });
    expect(created[0]?.loaded).toBe('skyhook-app://app/index.html');
  });

  it('blocks navigation away from the app', () => {
    open();
    const contents = created[0]!.webContents;
    const foreign = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    contents.emit('will-navigate', foreign, 'https://evil.example/');
    expect(foreign.prevented).toBe(true);
    const own = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    contents.emit('will-navigate', own, 'skyhook-app://app/index.html');
    expect(own.prevented).toBe(false);
  });

  it('never opens new windows; web links go to the browser', () => {
    open();
    const handler = created[0]!.webContents.openHandler!;
    expect(handler({ url: 'https://app.box.com/file/1' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://app.box.com/file/1']);
  });

  it('remembers its size and position on close', () => {
    const saved: Array<Record<string, unknown>> = [];
    open(saved);
    created[0]!.emit('close');
    expect(saved).toEqual([{ x: 10, y: 20, width: 900, height: 700, maximized: false }]);
  });
});
