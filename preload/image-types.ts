/** The image types Skyhook searches for, across every provider. */
export const imageExtensions = ['jpg', 'jpeg', 'png', 'gif', 'webp', 'svg', 'tif', 'tiff', 'bmp', 'heic'] as const;

const extensionSet = new Set<string>(imageExtensions);

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function isImageName(name: string): boolean {
  return extensionSet.has(extensionOf(name));
}

/**
 * Case-insensitive, Unicode-normalised comparison form. NFC folds the two spellings of
 * "é" (one code point, or "e" plus a combining accent, as macOS file names use) into one.
 */
export function matchForm(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('und');
}

/** True when `name` contains `query` (both as typed by people, in any normal form). */
export function nameMatches(name: string, query: string): boolean {
  return matchForm(name).includes(matchForm(query));
}
