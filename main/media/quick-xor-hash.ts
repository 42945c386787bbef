/**
 * Microsoft's QuickXorHash (OneDrive `file.hashes.quickXorHash`): every byte is XORed into
 * a 160-bit ring 11 bits after the previous one, then the length is XORed into the last
 * 64 bits. Incremental, so a download is hashed while it streams to disk.
 */
const widthBytes = 20;
const shiftBits = 11;

export class QuickXorHash {
  private readonly state = new Uint8Array(widthBytes);
  private length = 0n;
  private bit = 0;

  update(chunk: Uint8Array): this {
    const state = this.state;
    let bit = this.bit;
    for (const value of chunk) {
      const index = bit >> 3;
      const offset = bit & 7;
      state[index] = (state[index] ?? 0) ^ ((value << offset) & 0xff);
      const next = (index + 1) % widthBytes;
      if (offset > 0) state[next] = (state[next] ?? 0) ^ (value >> (8 - offset));
      bit = (bit + shiftBits) % (widthBytes * 8);
    }
    this.bit = bit;
    this.length += BigInt(chunk.length);
    return this;
  }

  /** Base64, as Graph reports it. */
  digest(): string {
    const out = Uint8Array.from(this.state);
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt.asUintN(64, this.length));
    length.forEach((byte, i) => (out[widthBytes - 8 + i] = (out[widthBytes - 8 + i] ?? 0) ^ byte));
    return Buffer.from(out).toString('base64');
  }
}

export function quickXorHash(bytes: Uint8Array): string {
  return new QuickXorHash().update(bytes).digest();
}
