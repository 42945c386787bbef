import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/**
 * Opening without blocking: a FIFO or a device put where a file was expected must not hold
 * a thread (or the start of the app) until someone writes to it. Callers check
 * `handle.stat().isFile()` on the opened handle, so the path cannot be swapped in between.
 */
export const nonBlockingRead = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Up to `maxBytes` from the start of the file, or undefined when it holds more than that. */
export async function readAtMost(handle: FileHandle, maxBytes: number): Promise<Buffer | undefined> {
  const buffer = Buffer.alloc(maxBytes + 1);
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
  return bytesRead > maxBytes ? undefined : buffer.subarray(0, bytesRead);
}
