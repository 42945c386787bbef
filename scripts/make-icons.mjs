// Renders assets/icon.svg into every icon electron-builder needs: a PNG set (Linux, window
// icons), icon.ico (Windows) and icon.icns (macOS). Run with `npm run icons` after editing the SVG
// and commit the results; the packaging tests fail when the SVG and the generated set disagree.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'assets', 'icon.svg');
const outDir = join(root, 'assets', 'icons');

export const pngSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const icoSizes = [16, 24, 32, 48, 64, 128, 256];
/** ICNS chunk type → pixel size. All carry PNG data, which macOS has read since 10.7. */
export const icnsTypes = {
  icp4: 16,
  icp5: 32,
  icp6: 64,
  ic07: 128,
  ic08: 256,
  ic09: 512,
  ic10: 1024,
  ic11: 32,
  ic12: 64,
  ic13: 256,
  ic14: 512,
};

/** Where the hash of the SVG the set was rendered from is kept, so staleness is detectable. */
export const sourceHashFile = 'source.sha256';

/** Hash of the SVG text with line endings normalised, so a CRLF checkout does not look stale. */
export function svgHash(svg) {
  return createHash('sha256').update(svg.toString('utf8').replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * ICO with PNG-compressed entries (Windows Vista and later). A width or height of 256 is
 * written as 0 because the directory stores sizes in one byte.
 */
export function encodeIco(entries) {
  const headerSize = 6;
  const dirEntrySize = 16;
  const header = Buffer.alloc(headerSize);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(entries.length, 4);
  const directory = Buffer.alloc(dirEntrySize * entries.length);
  let offset = headerSize + directory.length;
  entries.forEach(({ size, png }, i) => {
    const at = i * dirEntrySize;
    directory.writeUInt8(size >= 256 ? 0 : size, at);
    directory.writeUInt8(size >= 256 ? 0 : size, at + 1);
    directory.writeUInt8(0, at + 2);
    directory.writeUInt8(0, at + 3);
    directory.writeUInt16LE(1, at + 4);
    directory.writeUInt16LE(32, at + 6);
    directory.writeUInt32LE(png.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, directory, ...entries.map((e) => e.png)]);
}

/** ICNS: 'icns' + big-endian total length, then chunks of type + big-endian length (header included) + data. */
export function encodeIcns(chunks) {
  const parts = chunks.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

async function render(svg, size) {
  // Rasterise at the target density rather than downscaling one big bitmap: small sizes stay crisp.
  const density = Math.max(1, (72 * size) / 1024);
  return sharp(svg, { density }).resize(size, size).png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer();
}

export async function makeIcons() {
  const svg = await readFile(source);
  const uniqueSizes = [...new Set([...pngSizes, ...icoSizes, ...Object.values(icnsTypes)])];
  const pngs = new Map();
  for (const size of uniqueSizes) pngs.set(size, await render(svg, size));

  await mkdir(join(outDir, 'png'), { recursive: true });
  for (const size of pngSizes) {
    await writeFile(join(outDir, 'png', `${size}x${size}.png`), pngs.get(size));
  }
  await writeFile(join(outDir, 'icon.ico'), encodeIco(icoSizes.map((size) => ({ size, png: pngs.get(size) }))));
  await writeFile(join(outDir, 'icon.icns'), encodeIcns(Object.entries(icnsTypes).map(([type, size]) => ({ type, png: pngs.get(size) }))));
  await writeFile(join(outDir, sourceHashFile), `${svgHash(svg)}  icon.svg\n`);
  return { pngs: pngSizes.length, ico: icoSizes.length, icns: Object.keys(icnsTypes).length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const made = await makeIcons();
  process.stdout.write(`icons: ${made.pngs} png, ${made.ico} ico entries, ${made.icns} icns chunks → assets/icons/\n`);
}
