import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './packaging/builder';

const icons = join(root, 'assets/icons');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, which the format requires to come first. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true);
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function parseIco(bytes: Buffer): { size: number; png: Buffer }[] {
  expect(bytes.readUInt16LE(0)).toBe(0);
  expect(bytes.readUInt16LE(2)).toBe(1); // 1 = icon, 2 = cursor
  const count = bytes.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + i * 16;
    const width = bytes.readUInt8(at) || 256;
    const height = bytes.readUInt8(at + 1) || 256;
    expect(height).toBe(width);
    const length = bytes.readUInt32LE(at + 8);
    const offset = bytes.readUInt32LE(at + 12);
    expect(offset + length).toBeLessThanOrEqual(bytes.length);
    return { size: width, png: bytes.subarray(offset, offset + length) };
  });
}

function parseIcns(bytes: Buffer): { type: string; data: Buffer }[] {
  expect(bytes.toString('ascii', 0, 4)).toBe('icns');
  expect(bytes.readUInt32BE(4)).toBe(bytes.length);
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < bytes.length;) {
    const type = bytes.toString('ascii', at, at + 4);
    const length = bytes.readUInt32BE(at + 4);
    expect(length).toBeGreaterThan(8);
    expect(at + length).toBeLessThanOrEqual(bytes.length);
    chunks.push({ type, data: bytes.subarray(at + 8, at + length) });
    at += length;
  }
  return chunks;
}

describe('PNG icon set (Linux, window icons)', () => {
  const expected = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

  it('has every size from 16 to 1024, each file exactly the size its name says', () => {
    const files = readdirSync(join(icons, 'png')).filter((f) => f.endsWith('.png'));
    const sizes = files.map((f) => {
      const match = /^(\d+)x(\d+)\.png$/.exec(f);
      expect(match, f).not.toBeNull();
      const { width, height } = pngSize(readFileSync(join(icons, 'png', f)));
      expect({ width, height }, f).toEqual({ width: Number(match?.[1]), height: Number(match?.[2]) });
      return width;
    });
    expect(sizes.sort((a, b) => a - b)).toEqual(expected);
  });
});

describe('icon.ico (Windows)', () => {
  it('parses, and every entry is a PNG of the size its directory entry declares', () => {
    const entries = parseIco(readFileSync(join(icons, 'icon.ico')));
    for (const { size, png } of entries) expect(pngSize(png)).toEqual({ width: size, height: size });
    // 256 is what electron-builder insists on; 16–48 are what Explorer and the taskbar draw.
    expect(entries.map((e) => e.size)).toEqual(expect.arrayContaining([16, 24, 32, 48, 256]));
  });
});

describe('icon.icns (macOS)', () => {
  const sizeOf: Record<string, number> = {
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

  it('parses, with PNG chunks ic07 to ic10 of the sizes their types stand for', () => {
    const chunks = parseIcns(readFileSync(join(icons, 'icon.icns')));
    const types = chunks.map((c) => c.type);
    expect(types).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10']));
    for (const { type, data } of chunks) {
      const size = sizeOf[type];
      expect(size, `unexpected chunk ${type}`).toBeDefined();
      expect(pngSize(data), type).toEqual({ width: size, height: size });
    }
  });
});

describe('icon source', () => {
  const svg = readFileSync(join(root, 'assets/icon.svg'), 'utf8');

  it('is one square SVG without text (text renders differently on every machine)', () => {
    expect(svg).toMatch(/<svg[^>]*viewBox="0 0 1024 1024"/);
    expect(svg).not.toMatch(/<text\b/);
  });

  it('is what the committed icon set was generated from (run `npm run icons` after editing it)', () => {
    const hash = createHash('sha256').update(svg.replace(/\r\n/g, '\n')).digest('hex');
    const recorded = readFileSync(join(icons, 'source.sha256'), 'utf8').split(/\s+/)[0];
    expect(recorded).toBe(hash);
  });
});
