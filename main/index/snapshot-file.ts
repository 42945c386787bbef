import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { Checksum } from './checksum';
import type { StoreColumns } from './name-store';

/**
 * The snapshot's bytes: the store's columns as they sit in memory, so loading a million
 * items is a few large reads into typed arrays and one decode per chunk of names, with no
 * parsing per item.
 *
 * [magic, version, generation, header length] [header JSON: meta, folders, sizes]
 * [each column, then each chunk's starts and its names (Latin-1 or UTF-16LE), 8-aligned]
 * [checksum of the header and every part]
 */

export const snapshotFormatVersion = 2;
const magic = 0x58444953; // "SIDX"

export class IndexFormatError extends Error {
  override readonly name = 'IndexFormatError';
}

type TypedColumn = 'recStart' | 'records' | 'charsLo' | 'charsHi' | 'wordsLo' | 'wordsHi' | 'first' | 'size' | 'mtime' | 'folder' | 'epoch' | 'idSlots';
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
  const put = (bytes: Uint8Array) => {
    sum.update(bytes);
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
    at += bytes.length;
    const pad = pad8(bytes.length) - bytes.length;
    if (pad > 0) at += writeSync(fd, padding, 0, pad, at);
  };
  put(head);
  for (const { name } of typedColumns) put(bytesOf(c[name]));
  let scratch = Buffer.alloc(0);
  for (const chunk of c.chunks) {
    put(bytesOf(chunk.starts));
    const length = chunk.text.length * (chunk.wide ? 2 : 1);
    if (scratch.length < length) scratch = Buffer.allocUnsafeSlow(length);
    scratch.write(chunk.text, 0, length, chunk.wide ? 'utf16le' : 'latin1');
    put(scratch.subarray(0, length));
  }
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
  const readInto = (target: Uint8Array) => {
    if (at + target.length > fileSize) throw damaged();
    for (let done = 0; done < target.length; ) {
      const n = readSync(fd, target, done, target.length - done, at + done);
      if (n === 0) throw damaged();
      done += n;
    }
    at = pad8(at + target.length);
  };
  const fixed = Buffer.alloc(16);
  if (fileSize < 20) throw new IndexFormatError('the saved index is not an index file');
  readInto(fixed);
  if (fixed.readUInt32LE(0) !== magic) throw new IndexFormatError('the saved index is not an index file');
  const version = fixed.readUInt32LE(4);
  if (version < snapshotFormatVersion) throw new IndexFormatError(`the saved index is in an older format (${version})`);
  if (version !== snapshotFormatVersion) throw new IndexFormatError(`the saved index is in format ${version}, which this version of Skyhook does not read`);
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
  const expected = header.columns.reduce((n, bytes) => n + pad8(bytes), head.length) + header.chunks.reduce((n, chunk) => n + pad8(chunk.names * 4) + pad8(textBytes(chunk)), 0) + 4;
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
  const scratch = Buffer.allocUnsafeSlow(Math.max(0, ...header.chunks.map(textBytes)));
  const chunks = header.chunks.map((chunk) => {
    const starts = new Uint32Array(chunk.names);
    const startBytes = bytesOf(starts);
    readInto(startBytes);
    sum.update(startBytes);
    const text = scratch.subarray(0, textBytes(chunk));
    readInto(text);
    sum.update(text);
    return { wide: chunk.wide, starts, text: text.toString(chunk.wide ? 'utf16le' : 'latin1') };
  });
  const trailer = Buffer.alloc(4);
  readInto(trailer);
  if (trailer.readUInt32LE(0) !== sum.digest()) throw damaged();
  const { rows, narrowRows, tierCounts, folders } = header;
  return { columns: { rows, narrowRows, tierCounts, folders, chunks, ...typed }, meta: header.meta, generation: fixed.readUInt32LE(8) };
}
