/**
 * A Photoshop file as Photoshop lays it out, as far as Skyhook reads it: the 26-byte
 * header, an empty colour-mode section, image resources (a caption, then the thumbnail
 * resource 1036 holding `jpeg` when given), then an empty layer section and a 1×1 RLE-free
 * composite. Version 2 writes a PSB.
 */
export function psdFile(jpeg: Buffer | undefined, options: { version?: 1 | 2; width?: number; height?: number } = {}): Buffer {
  const header = Buffer.alloc(26);
  header.write('8BPS', 0, 'latin1');
  header.writeUInt16BE(options.version ?? 1, 4);
  header.writeUInt16BE(3, 12); // channels
  header.writeUInt32BE(options.height ?? 600, 14);
  header.writeUInt32BE(options.width ?? 800, 18);
  header.writeUInt16BE(8, 22); // depth
  header.writeUInt16BE(3, 24); // RGB
  const colourMode = u32(0);
  const blocks = [resource(1061, Buffer.from('caption', 'latin1'), 'odd')];
  if (jpeg) {
    const info = Buffer.alloc(28);
    info.writeUInt32BE(1, 0); // kJpegRGB
    info.writeUInt32BE(160, 4);
    info.writeUInt32BE(120, 8);
    info.writeUInt32BE(jpeg.length, 20);
    info.writeUInt16BE(24, 24);
    info.writeUInt16BE(1, 26);
    blocks.push(resource(1036, Buffer.concat([info, jpeg])));
  }
  const resources = Buffer.concat(blocks);
  const layers = options.version === 2 ? Buffer.alloc(8) : u32(0);
  const image = Buffer.concat([Buffer.from([0, 0]), Buffer.alloc(3)]);
  return Buffer.concat([header, colourMode, u32(resources.length), resources, layers, image]);
}

function resource(id: number, data: Buffer, name = ''): Buffer {
  const nameBytes = Buffer.from(name, 'latin1');
  const pascal = Buffer.alloc((nameBytes.length + 2) & ~1);
  pascal[0] = nameBytes.length;
  nameBytes.copy(pascal, 1);
  const head = Buffer.alloc(6);
  head.write('8BIM', 0, 'latin1');
  head.writeUInt16BE(id, 4);
  const padded = data.length & 1 ? Buffer.concat([data, Buffer.alloc(1)]) : data;
  return Buffer.concat([head, pascal, u32(data.length), padded]);
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value, 0);
  return buffer;
}
