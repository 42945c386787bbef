/**
 * The one place that decides what an image is. Designers' files come in groups: everyday
 * photos and web images, vectors, layered documents, camera raw files and PDFs. Every
 * provider searches exactly these extensions, and the Type filter groups results by them.
 */
export const imageGroups = {
  photos: ['jpg', 'jpeg', 'png', 'gif', 'webp', 'tif', 'tiff', 'bmp', 'heic', 'heif', 'avif'],
  vectors: ['svg', 'ai', 'eps'],
  layered: ['psd', 'psb'],
  raw: ['cr2', 'cr3', 'nef', 'arw', 'dng'],
  pdf: ['pdf'],
} as const;

export type ImageGroup = keyof typeof imageGroups;
export const imageGroupNames = Object.keys(imageGroups) as ImageGroup[];

export const imageGroupLabels: Record<ImageGroup, string> = {
  photos: 'Photos',
  vectors: 'Vectors',
  layered: 'Layered',
  raw: 'Camera raw',
  pdf: 'PDF',
};

/** The image types Skyhook searches for, across every provider. */
export const imageExtensions = imageGroupNames.flatMap((group) => imageGroups[group]);

const extensionSet = new Set<string>(imageExtensions);
const groupByExtension = new Map<string, ImageGroup>(
  imageGroupNames.flatMap((group) => imageGroups[group].map((ext) => [ext, group] as const)),
);

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function isImageName(name: string): boolean {
  return extensionSet.has(extensionOf(name));
}

/** The group a file belongs to by its extension; undefined for names that are not images. */
export function imageGroupOf(name: string): ImageGroup | undefined {
  return groupByExtension.get(extensionOf(name));
}

/** The short badge a tile shows when no picture of the file can be made ("PSD", "CR3"). */
export function typeBadge(name: string): string {
  const ext = extensionOf(name);
  return ext === 'jpeg' ? 'JPG' : ext === 'tif' ? 'TIFF' : ext.toUpperCase() || 'FILE';
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
