import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { Checksum } from './checksum';
import { gramWords } from './gram-filter';
import type { StoreColumns } from './name-store';

/**
 * The snapshot's bytes: the store's columns as they sit in memory, so loading a million
 * items is a few large reads into typed arrays and one decode per chunk of names, with no
 * parsing per item.
 *
 * [magic, version, generation, header length] [header JSON: meta, folders, sizes]
 * [each column, then every chunk's starts, every chunk's filter (gram-filter.ts) and every
 * chunk's names (Latin-1 or UTF-16LE), each of these parts 8-aligned]
 * [checksum of the header and every part]
 *
 * Chunks are small (~560 names), so their starts and filters are read as one array each
 * and handed out as views, and their names in a few large reads.
 */

export const snapshotFormatVersion = 4;
const magic = 0x58444953; // "SIDX"

export class IndexFormatError extends Error {
  override readonly name = 'IndexFormatError';
}

type TypedColumn =
  'recStart' | 'records' | 'charsLo' | 'charsHi' | 'wordsLo' | 'wordsHi' | 'first' | 'size' | 'mtime' | 'folder' | 'epoch' | 'idSlots';
type ColumnArray = new (buffer: ArrayBuffer) => StoreColumns[TypedColumn];
/** Each column and its element type, in file order. */
const columnTypes: ReadonlyArray<[TypedColumn, ColumnArray]> = [
  ['recStart', Uint32Array],
  ['records', Uint8Array],
  ['charsLo', Uint32Array],
  ['charsHi', Uint32Array],
  ['wordsLo', Uint32Array],
  ['wordsHi', Uint32Array],
  ['first', Uint8Array],
  ['size', Float64Array],
  ['mtime', Uint32Array],
  ['folder', Uint32Array],
  ['epoch', Uint16Array],
  ['idSlots', Int32Array],
];
const typedColumns = columnTypes.map(([name, Type]) => ({ name, make: (buffer: ArrayBuffer) => new Type(buffer) }));

interface SnapshotHeader<Meta> {
  meta: Meta;
  rows: number;
  narrowRows: number;
  tierCounts: number[];
  folders: Array<{ id: string; path: string }>;
  /** Byte length of each typed column, in the order above. */
  columns: number[];
  chunks: Array<{ wide: boolean; names: number; chars: number }>;
}

const pad8 = (n: number) => (n + 7) & ~7;
const padding = new Uint8Array(8);
const bytesOf = (array: ArrayBufferView) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
const textBytes = (chunk: { wide: boolean; chars: number }) => chunk.chars * (chunk.wide ? 2 : 1);
/** Names are read and written through a buffer of this size (or of the largest chunk). */
const textBatch = 1 << 20;

/** Writes a snapshot to the open file `fd`, part by part (nothing the size of the whole is built). */
export function writeSnapshot<Meta>(fd: number, c: StoreColumns, meta: Meta, generation: number): number {
  const header: SnapshotHeader<Meta> = {
    meta,
    rows: c.rows,
    narrowRows: c.narrowRows,
    tierCounts: c.tierCounts,
    folders: c.folders,
    columns: typedColumns.map(({ name }) => c[name].byteLength),
    chunks: c.chunks.map((chunk) => ({ wide: chunk.wide, names: chunk.starts.length, chars: chunk.text.length })),
  };
  const json = Buffer.from(JSON.stringify(header));
  const head = Buffer.alloc(pad8(16 + json.length));
  head.writeUInt32LE(magic, 0);
  head.writeUInt32LE(snapshotFormatVersion, 4);
  head.writeUInt32LE(generation, 8);
  head.writeUInt32LE(json.length, 12);
  json.copy(head, 16);
  const sum = new Checksum();
  let at = 0;
  const write = (bytes: Uint8Array) => {
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
    at += bytes.length;
  };
  const align = () => {
    const pad = pad8(at) - at;
    if (pad > 0) at += writeSync(fd, padding, 0, pad, at);
  };
  const put = (bytes: Uint8Array) => {
    sum.update(bytes);
    write(bytes);
    align();
  };
  put(head);
  for (const { name } of typedColumns) put(bytesOf(c[name]));
  const starts = new Uint32Array(c.chunks.reduce((n, chunk) => n + chunk.starts.length, 0));
  const grams = new Int32Array(c.chunks.length * gramWords);
  let row = 0;
  c.chunks.forEach((chunk, k) => {
    starts.set(chunk.starts, row);
    row += chunk.starts.length;
    grams.set(chunk.grams, k * gramWords);
  });
  put(bytesOf(starts));
  put(bytesOf(grams));
  // Names batched, without padding between chunks: as many whole chunks per batch as fit,
  // the batches the reader makes too (each is one part of the checksum).
  const scratch = Buffer.allocUnsafeSlow(header.chunks.reduce((n, chunk) => Math.max(n, textBytes(chunk)), textBatch));
  let filled = 0;
  const flush = () => {
    const batch = scratch.subarray(0, filled);
    sum.update(batch);
    write(batch);
    filled = 0;
  };
  for (const chunk of c.chunks) {
    const length = chunk.text.length * (chunk.wide ? 2 : 1);
    if (filled + length > scratch.length) flush();
    filled += scratch.write(chunk.text, filled, length, chunk.wide ? 'utf16le' : 'latin1');
  }
  if (filled > 0) flush();
  align();
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32LE(sum.digest(), 0);
  writeSync(fd, trailer, 0, 4, at);
  return at + 4;
}

export interface ReadSnapshot<Meta> {
  columns: StoreColumns;
  meta: Meta;
  generation: number;
}

/** Reads a snapshot written by `writeSnapshot`; anything unexpected is an IndexFormatError. */
export function readSnapshot<Meta>(file: string): ReadSnapshot<Meta> {
  const fd = openSync(file, 'r');
  try {
    return readFrom<Meta>(fd, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

function readFrom<Meta>(fd: number, fileSize: number): ReadSnapshot<Meta> {
  const damaged = () => new IndexFormatError('the saved index is damaged');
  let at = 0;
  const read = (target: Uint8Array) => {
    if (at + target.length > fileSize) throw damaged();
    for (let done = 0; done < target.length;) {
      const n = readSync(fd, target, done, target.length - done, at + done);
      if (n === 0) throw damaged();
      done += n;
    }
    at += target.length;
  };
  const readInto = (target: Uint8Array) => {
    read(target);
    at = pad8(at);
  };
  const fixed = Buffer.alloc(16);
  if (fileSize < 20) throw new IndexFormatError('the saved index is not an index file');
  readInto(fixed);
  if (fixed.readUInt32LE(0) !== magic) throw new IndexFormatError('the saved index is not an index file');
  const version = fixed.readUInt32LE(4);
  if (version < snapshotFormatVersion) throw new IndexFormatError(`the saved index is in an older format (${version})`);
  if (version !== snapshotFormatVersion)
    throw new IndexFormatError(`the saved index is in format ${version}, which this version of Skyhook does not read`);
  const jsonLength = fixed.readUInt32LE(12);
  if (16 + jsonLength > fileSize) throw damaged();
  at = 0;
  const head = Buffer.alloc(pad8(16 + jsonLength));
  readInto(head);
  const sum = new Checksum();
  sum.update(head);
  let header: SnapshotHeader<Meta>;
  try {
    header = JSON.parse(head.toString('utf8', 16, 16 + jsonLength)) as SnapshotHeader<Meta>;
  } catch {
    throw damaged();
  }
  const names = header.chunks.reduce((n, chunk) => n + chunk.names, 0);
  const text = header.chunks.reduce((n, chunk) => n + textBytes(chunk), 0);
  const expected =
    header.columns.reduce((n, bytes) => n + pad8(bytes), head.length) +
    pad8(names * 4) +
    pad8(header.chunks.length * gramWords * 4) +
    pad8(text) +
    4;
  if (expected !== fileSize || header.columns.length !== typedColumns.length) throw damaged();

  const typed = {} as Pick<StoreColumns, TypedColumn>;
  typedColumns.forEach(({ name, make }, i) => {
    // Each column gets a buffer of its own, so growing one later frees the old one.
    const buffer = new ArrayBuffer(header.columns[i] ?? 0);
    const bytes = new Uint8Array(buffer);
    readInto(bytes);
    sum.update(bytes);
    (typed as Record<TypedColumn, unknown>)[name] = make(buffer);
  });
  const readArray = <T extends Uint32Array<ArrayBuffer> | Int32Array<ArrayBuffer>>(array: T): T => {
    const bytes = bytesOf(array);
    readInto(bytes);
    sum.update(bytes);
    return array;
  };
  const starts = readArray(new Uint32Array(names));
  const grams = readArray(new Int32Array(header.chunks.length * gramWords));
  // Names: as many chunks per read as fit the buffer.
  const sizes = header.chunks.map(textBytes);
  const scratch = Buffer.allocUnsafeSlow(sizes.reduce((n, size) => Math.max(n, size), textBatch));
  const chunks: StoreColumns['chunks'] = [];
  let row = 0;
  for (let first = 0; first < sizes.length;) {
    let last = first;
    let bytes = 0;
    while (last < sizes.length && bytes + (sizes[last] ?? 0) <= scratch.length) bytes += sizes[last++] ?? 0;
    const batch = scratch.subarray(0, bytes);
    read(batch);
    sum.update(batch);
    let from = 0;
    for (let k = first; k < last; k++) {
      const chunk = header.chunks[k] ?? { wide: false, names: 0, chars: 0 };
      const length = sizes[k] ?? 0;
      chunks.push({
        wide: chunk.wide,
        starts: starts.subarray(row, row + chunk.names),
        grams: grams.subarray(k * gramWords, (k + 1) * gramWords),
        text: batch.toString(chunk.wide ? 'utf16le' : 'latin1', from, from + length),
      });
      row += chunk.names;
      from += length;
    }
    first = last;
  }
  at = pad8(at);
  const trailer = Buffer.alloc(4);
  readInto(trailer);
  if (trailer.readUInt32LE(0) !== sum.digest()) throw damaged();
  const { rows, narrowRows, tierCounts, folders } = header;
  return { columns: { rows, narrowRows, tierCounts, folders, chunks, ...typed }, meta: header.meta, generation: fixed.readUInt32LE(8) };
}
