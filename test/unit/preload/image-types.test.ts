import { describe, expect, it } from 'vitest';
import { extensionOf, imageExtensions, imageGroupOf, isImageName, matchForm, nameMatches, typeBadge } from '../../../preload/image-types';

describe('nameMatches', () => {
  it('matches a substring regardless of case', () => {
    expect(nameMatches('Sunset-Beach.JPG', 'sunset')).toBe(true);
    expect(nameMatches('sunset-beach.jpg', 'BEACH')).toBe(true);
    expect(nameMatches('Sunset-Beach.JPG', 'sunrise')).toBe(false);
  });

  it('matches across Unicode normal forms, both ways', () => {
    const nfc = 'caf\u00e9.png';
    const nfd = 'cafe\u0301.png';
    expect(nfc).not.toBe(nfd);
    expect(nameMatches(nfd, 'caf\u00e9')).toBe(true);
    expect(nameMatches(nfc, 'cafe\u0301')).toBe(true);
    expect(nameMatches(nfd, 'CAF\u00c9')).toBe(true);
    expect(nameMatches('CAFE\u0301.PNG', 'caf\u00e9')).toBe(true);
    // An accent is not ignored: "cafe" is not "café".
    expect(nameMatches('cafe-menu.png', 'caf\u00e9')).toBe(false);
  });

  it('puts names in one comparison form', () => {
    expect(matchForm('E\u0301TE\u0301')).toBe('\u00e9t\u00e9');
  });
});

describe('isImageName / extensionOf', () => {
  it('accepts the listed image extensions in any case and nothing else', () => {
    for (const ext of imageExtensions) {
      expect(isImageName(`a.${ext}`), ext).toBe(true);
      expect(isImageName(`A.${ext.toUpperCase()}`), ext).toBe(true);
    }
    for (const name of ['notes.txt', 'photo.png.txt', 'png', 'archive.zip', 'movie.mp4', 'doc.docx', 'noext', 'trailing.']) {
      expect(isImageName(name), name).toBe(false);
    }
  });

  it('puts every extension in exactly one group, and badges files by their extension', () => {
    expect(imageExtensions.map((ext) => imageGroupOf(`x.${ext}`)).every((g) => g !== undefined)).toBe(true);
    expect(new Set(imageExtensions).size).toBe(imageExtensions.length);
    for (const ext of ['psd', 'psb', 'ai', 'eps', 'pdf', 'svg', 'heic', 'avif', 'cr2', 'cr3', 'nef', 'arw', 'dng', 'tiff', 'webp']) {
      expect(isImageName(`design.${ext}`), ext).toBe(true);
    }
    expect(imageGroupOf('notes.txt')).toBeUndefined();
    expect(['a.psd', 'b.JPEG', 'c.tif', 'noext'].map(typeBadge)).toEqual(['PSD', 'JPG', 'TIFF', 'FILE']);
  });

  it('takes the text after the last dot, lower-cased', () => {
    expect(extensionOf('a.b.JPEG')).toBe('jpeg');
    expect(extensionOf('noext')).toBe('');
  });
});
