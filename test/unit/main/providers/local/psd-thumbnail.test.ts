import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { psdThumbnail } from '../../../../../main/providers/local/psd-thumbnail';
import { psdFile } from '../../../../harness/psd-file';
import { useTempDirs } from '../../../../harness/unit';

const tempDir = useTempDirs();

describe('psdThumbnail', () => {
  it('finds the composite JPEG Photoshop embeds, in a PSD and in a PSB, past other resources', async () => {
    const jpeg = await sharp({ create: { width: 160, height: 120, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();
    for (const version of [1, 2] as const) {
      const path = join(tempDir(), `poster.${version === 1 ? 'psd' : 'psb'}`);
      writeFileSync(path, psdFile(jpeg, { version }));
      const found = await psdThumbnail(path);
      expect(Buffer.from(found ?? []).equals(jpeg)).toBe(true);
      expect((await sharp(found).metadata()).width).toBe(160);
    }
  });

  it('says there is none for a PSD saved without a thumbnail, or a file that is not a PSD', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bare.psd'), psdFile(undefined));
    writeFileSync(join(dir, 'fake.psd'), Buffer.from('not a photoshop file at all'));
    expect(await psdThumbnail(join(dir, 'bare.psd'))).toBeUndefined();
    expect(await psdThumbnail(join(dir, 'fake.psd'))).toBeUndefined();
  });
});
