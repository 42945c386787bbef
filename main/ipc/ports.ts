/**
 * What the IPC handlers need from the platform. Electron provides these in the app; the
 * headless composition prints or refuses them, so tests can observe every effect.
 */
export interface PlatformPorts {
  openExternal(url: string): Promise<void>;
  /** Shows the file in Finder / Explorer / the file manager. */
  revealFile(path: string): Promise<void>;
  copyImage(path: string): Promise<void>;
  /** Saves a copy of the file where the user says (a save dialog); the path, or null if cancelled. */
  saveCopy(source: string, suggestedName: string): Promise<string | null>;
  /** A native folder picker; undefined where there is none (the browser bridge). */
  pickFolder?: () => Promise<string | null>;
}
