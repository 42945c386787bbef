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
  /** A native dialog choosing files to upload (Upload files…): their absolute paths, or null if cancelled. */
  pickFiles?: () => Promise<string[] | null>;
  /**
   * Asks the person at the computer, outside the page (which could be driven by anyone who
   * reaches IPC): a native dialog in the app, a printed question in the bridge. True only
   * for an explicit yes; absent where nobody can be asked.
   */
  confirm?: (question: Confirmation) => Promise<boolean>;
}

export interface Confirmation {
  title: string;
  message: string;
  detail: string;
  /** The button that says yes; the default button is always the one that says no. */
  confirmLabel: string;
}
