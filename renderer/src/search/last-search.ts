/** The last query searched, so a restart opens where the person left off (read before the first paint). */
const storageKey = 'skyhook.lastSearch';

export const lastSearch = {
  read(): string {
    try {
      return localStorage.getItem(storageKey) ?? '';
    } catch {
      return '';
    }
  },
  write(text: string): void {
    try {
      localStorage.setItem(storageKey, text);
    } catch {
      // Storage full or blocked: nothing to restore next time, no harm now.
    }
  },
};
