import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The one benchmark table `npm run bench` prints and writes to bench-results/latest.json.
 * Every benchmark adds its figures here instead of printing its own format, so one run
 * shows every figure beside its target.
 */
export interface BenchRow {
  /** What was measured, in words ("input → first Box thumbnail"). */
  figure: string;
  /** The measured value with its unit ("412 ms", "97 %"). */
  measured: string;
  /** The target in words ("≤ 1.2× (round trip + frame)"); "—" where there is none. */
  target: string;
  /** The ratio the target is stated in ("1.14×"), or the plain comparison made. */
  ratio: string;
  /** Whether the target is met; undefined where there is no target. */
  pass: boolean | undefined;
}

const rows: BenchRow[] = [];

export function addRow(row: BenchRow): void {
  rows.push(row);
}

/** A figure that could not be measured in this run (no Chromium, say), with why. */
export function addSkipped(figure: string, target: string, why: string): void {
  rows.push({ figure, measured: `skipped: ${why}`, target, ratio: '—', pass: undefined });
}

export function benchRows(): readonly BenchRow[] {
  return rows;
}

export const formatMs = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
export const formatRatio = (value: number) => `${value.toFixed(2)}×`;
const verdict = (pass: boolean | undefined) => (pass === undefined ? '—' : pass ? 'pass' : 'FAIL');

/** The table as GitHub Markdown (printed, and pasted into the README). */
export function markdownTable(list: readonly BenchRow[] = rows): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| figure | measured | target | ratio | pass |',
    '| --- | --- | --- | --- | --- |',
    ...list.map((r) => `| ${escape(r.figure)} | ${escape(r.measured)} | ${escape(r.target)} | ${escape(r.ratio)} | ${verdict(r.pass)} |`),
  ].join('\n');
}

/** Writes bench-results/latest.json under `root` and returns its path. */
export function writeResults(root: string, meta: Record<string, unknown> = {}): string {
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'latest.json');
  // `pass: null` where there is no target (JSON has no undefined).
  const written = rows.map((row) => ({ ...row, pass: row.pass ?? null }));
  writeFileSync(file, JSON.stringify({ ranAt: new Date().toISOString(), ...meta, rows: written }, null, 2) + '\n');
  return file;
}
