import { createHash, type Hash } from 'node:crypto';
import type { ExpectedContent } from '../providers/provider';
import { QuickXorHash } from './quick-xor-hash';

/**
 * Checks a download against what the provider said the file is (size, Box's SHA-1,
 * Graph's quickXorHash or sha1Hash) while it streams, so a body that ended early — a short
 * Content-Length, or a connection closed without one — never becomes the cached original.
 */
export class ContentCheck {
  private received = 0;
  private readonly sha1: Hash | undefined;
  private readonly quickXor: QuickXorHash | undefined;

  constructor(private readonly expected: ExpectedContent = {}) {
    this.sha1 = expected.sha1 ? createHash('sha1') : undefined;
    this.quickXor = expected.quickXorHash ? new QuickXorHash() : undefined;
  }

  update(chunk: Uint8Array): void {
    this.received += chunk.byteLength;
    this.sha1?.update(chunk);
    this.quickXor?.update(chunk);
  }

  /** What is wrong with the bytes received, in words for the log; undefined when they match. */
  mismatch(): string | undefined {
    const { size, sha1, quickXorHash } = this.expected;
    if (size !== undefined && this.received !== size) return `received ${this.received} of ${size} bytes`;
    if (sha1 && this.sha1 && this.sha1.digest('hex') !== sha1.toLowerCase()) return 'SHA-1 differs';
    if (quickXorHash && this.quickXor && this.quickXor.digest() !== quickXorHash) return 'quickXorHash differs';
    return undefined;
  }
}
