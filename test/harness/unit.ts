import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach } from 'vitest';
import { channels, type Channel } from '../../preload/contract';
import type { HandlerTable } from '../../main/ipc/handler-table';
import type { Logger } from '../../main/shared/logger';

/**
 * Returns a maker of temporary folders and removes them after each test (`'test'`), or
 * after the whole file for fixtures built once in beforeAll (`'file'`). Call at the top
 * level of a test file.
 */
export function useTempDirs(lifetime: 'test' | 'file' = 'test'): () => string {
  const made: string[] = [];
  (lifetime === 'test' ? afterEach : afterAll)(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'skyhook-unit-'));
    made.push(dir);
    return dir;
  };
}

/** Every file below `dir`, as paths relative to it (empty when `dir` does not exist). */
export function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
      .sort();
  } catch {
    return [];
  }
}

/** A real PNG of the given size, so sharp has something genuine to decode. */
export function pngBytes(width: number, height: number, colour = { r: 200, g: 80, b: 40 }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

export function streamOf(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

export async function collect(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of stream) parts.push(chunk);
  return Buffer.concat(parts);
}

/** A logger that keeps every line, to assert what was (and was not) logged. */
export function recordingLogger(): Logger & { lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> } {
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, message, ...(fields ? { fields } : {}) });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * A handler table where every channel fails loudly unless the test supplies it, so a
 * test only writes the handlers it exercises.
 */
export function handlerTable(overrides: Partial<HandlerTable>): HandlerTable {
  const unused = (channel: Channel) => async () => {
    throw new Error(`handler ${channel} is not part of this test`);
  };
  const base = Object.fromEntries(channels.map((c) => [c, unused(c)])) as unknown as HandlerTable;
  return { ...base, ...overrides };
}
