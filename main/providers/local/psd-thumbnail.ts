import { open } from 'node:fs/promises';

/**
 * The composite thumbnail Photoshop embeds in every PSD and PSB it saves ("maximize
 * compatibility" or not): image resource 1036, a JPEG of up to 160 pixels. Reading it
 * needs only the first sections of the file, so a 2 GB PSB costs a few kilobytes; sharp
 * cannot read Photoshop files at all, and a full PSD decoder (ag-psd) would have to parse
 * every layer to reach the same small picture.
 */

/** The header, the colour-mode section and the image resources sit at the start; this is plenty. */
const maxResourceBytes = 8 * 1024 * 1024;
const thumbnailResource = 1036;
/** Photoshop 4's thumbnail (BGR, but a JPEG all the same), found in very old files. */
const legacyThumbnailResource = 1033;
/** Resource 1036 starts with 28 bytes of format, sizes and depth before the JFIF data. */
const thumbnailHeader = 28;
const jpegFormat = 1;

/** The embedded JPEG, or undefined when the file has none (or is not a Photoshop file). */
export async function psdThumbnail(path: string): Promise<Uint8Array | undefined> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(30);
    await file.read(head, 0, head.length, 0);
    if (head.toString('latin1', 0, 4) !== '8BPS') return undefined;
    const version = head.readUInt16BE(4);
    if (version !== 1 && version !== 2) return undefined;
    const colourModeLength = head.readUInt32BE(26);
    const resourcesAt = 26 + 4 + colourModeLength;
    const lengthBytes = Buffer.alloc(4);
    await file.read(lengthBytes, 0, 4, resourcesAt);
    const resourcesLength = lengthBytes.readUInt32BE(0);
    if (resourcesLength > maxResourceBytes) return undefined;
    const resources = Buffer.alloc(resourcesLength);
    const { bytesRead } = await file.read(resources, 0, resourcesLength, resourcesAt + 4);
    return thumbnailIn(resources.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}

/** Walks the image resource blocks: '8BIM', id, padded Pascal name, size, padded data. */
export function thumbnailIn(resources: Buffer): Uint8Array | undefined {
  let at = 0;
  let legacy: Uint8Array | undefined;
  while (at + 12 <= resources.length && resources.toString('latin1', at, at + 4) === '8BIM') {
    const id = resources.readUInt16BE(at + 4);
    const nameLength = resources[at + 6] ?? 0;
    const nameBytes = (nameLength + 2) & ~1;
    const sizeAt = at + 6 + nameBytes;
    if (sizeAt + 4 > resources.length) break;
    const size = resources.readUInt32BE(sizeAt);
    const dataAt = sizeAt + 4;
    if (dataAt + size > resources.length) break;
    if (
      (id === thumbnailResource || id === legacyThumbnailResource) &&
      size > thumbnailHeader &&
      resources.readUInt32BE(dataAt) === jpegFormat
    ) {
      const jpeg = resources.subarray(dataAt + thumbnailHeader, dataAt + size);
      if (id === thumbnailResource) return jpeg;
      legacy = jpeg;
    }
    at = dataAt + size + (size & 1);
  }
  return legacy;
}
