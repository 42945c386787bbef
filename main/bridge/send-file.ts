import { open, type FileHandle } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { nonBlockingRead } from '../shared/regular-file';

/**
 * Streams one regular file as the response. The file is opened, checked and its first
 * chunk read before any header goes out, so a folder, a FIFO, a missing or unreadable file
 * is a 404; a read error half-way (a disk going away) ends that response only, never the
 * process.
 */
export async function sendFile(res: ServerResponse, path: string, headers: Record<string, string>): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(path, nonBlockingRead);
  } catch {
    return void res.writeHead(404).end();
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return void res.writeHead(404).end();
    const first = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(first, 0, first.length, 0);
    res.writeHead(200, { ...headers, 'Content-Length': String(info.size) });
    res.write(first.subarray(0, bytesRead));
    await pipeline(handle.createReadStream({ start: bytesRead, autoClose: false }), res);
  } catch {
    if (!res.headersSent) res.writeHead(404).end();
    else res.destroy();
  } finally {
    await handle.close().catch(() => undefined);
  }
}
