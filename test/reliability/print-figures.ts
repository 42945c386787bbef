import { existsSync, readFileSync, rmSync } from 'node:fs';
import { figuresFile, type Figure } from './figures';

/** Vitest global setup for the reliability project: a clean slate before, one table after. */
export function setup(): void {
  rmSync(figuresFile, { force: true });
}

export function teardown(): void {
  if (!existsSync(figuresFile)) return;
  const rows = readFileSync(figuresFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Figure);
  const width = Math.max(5, ...rows.map((r) => r.probe.length));
  const lines = [
    `${'probe'.padEnd(width)}  tries  failures  lost  note`,
    ...rows.map(
      (r) =>
        `${r.probe.padEnd(width)}  ${String(r.tries).padStart(5)}  ${String(r.failures).padStart(8)}  ${String(r.lost).padStart(4)}  ${r.note ?? ''}`,
    ),
  ];
  process.stdout.write(`\nReliability figures\n${lines.join('\n')}\n`);
}
