import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { root } from './packaging/builder';

const samplesDir = join(root, 'assets/samples');

/** The sample set other tests (search, drag, local provider) rely on: names, places, formats. */
const expected = [
  'aurora-gradient.png',
  'aurora-waves.jpg',
  'caf\u00e9-poster.png',
  'coral-reef-pattern.png',
  'harbor-sunset.jpg',
  'lava-flow.webp',
  'midnight-city.jpg',
  'nature/desert-dunes.jpg',
  'nature/forest-canopy.webp',
  'nature/glacier-blue.jpg',
  'nature/meadow-flowers.png',
  'nature/mountain-ridge.jpg',
  'nature/rainforest-mist.jpg',
  'nature/sand-ripples.gif',
  'nature/tropical-leaves.webp',
  'ocean-horizon.jpg',
  'pastel-blobs.svg',
  'patterns/more/geometric-tiles.png',
  'patterns/more/neon-grid.png',
  'patterns/more/paper-texture.png',
  'patterns/more/terrazzo-pattern.png',
  'prism-light.webp',
  'sunrise-gradient.png',
  'violet-nebula.jpg',
];

const formatOf: Record<string, string> = { png: 'png', jpg: 'jpeg', webp: 'webp', gif: 'gif', svg: 'svg' };

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [relative(samplesDir, join(dir, entry.name)).split('\\').join('/')],
  );
}

describe('bundled sample images', () => {
  const files = walk(samplesDir);
  const images = files.filter((f) => f !== 'README.md');

  it('are exactly the 24 expected files in their folders (12 top level, 8 nature, 4 patterns/more)', () => {
    expect([...images].sort()).toEqual([...expected].sort());
    expect(images.filter((f) => !f.includes('/'))).toHaveLength(12);
    expect(images.filter((f) => f.startsWith('nature/'))).toHaveLength(8);
    expect(images.filter((f) => f.startsWith('patterns/more/'))).toHaveLength(4);
  });

  it('store the accented name in NFC (what a typed query is), not decomposed', () => {
    const cafe = images.find((f) => f.startsWith('caf'));
    expect(cafe).toBe('caf\u00e9-poster.png');
    expect(Buffer.from(cafe ?? '').includes(Buffer.from([0xc3, 0xa9]))).toBe(true);
    for (const f of images) expect(f.normalize('NFC')).toBe(f);
  });

  it('each stay under 150 KB', () => {
    const heavy = images.filter((f) => statSync(join(samplesDir, f)).size > 150 * 1024);
    expect(heavy).toEqual([]);
  });

  it.each(expected)('%s decodes as its extension says, at a landscape size', async (file) => {
    const meta = await sharp(readFileSync(join(samplesDir, file))).metadata();
    expect(meta.format).toBe(formatOf[file.slice(file.lastIndexOf('.') + 1)]);
    expect(meta.width).toBeGreaterThanOrEqual(800);
    expect(meta.height).toBeGreaterThanOrEqual(500);
    expect(meta.width).toBeGreaterThan(meta.height ?? 0);
  });

  it('come with a README saying how they are made and that they are free to use', () => {
    expect(files).toContain('README.md');
    const readme = readFileSync(join(samplesDir, 'README.md'), 'utf8');
    expect(readme).toMatch(/generated/i);
    expect(readme).toMatch(/scripts\/make-samples\.mjs/);
    expect(readme).toMatch(/free to use/i);
  });
});
