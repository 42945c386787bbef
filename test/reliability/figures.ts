import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every reliability probe records what it tried and what went wrong, and the run prints
 * them as one table (see print-figures.ts): the point of these tests is the figures, not
 * just a green tick.
 */
export interface Figure {
  /** What was attacked or broken, in a few words ("truncated Box download"). */
  probe: string;
  tries: number;
  /** Tries where the app misbehaved (crashed, served bad data, leaked). Must be 0 to pass. */
  failures: number;
  /** Acknowledged saves, secrets or files that were lost. */
  lost: number;
  note?: string;
}

export const figuresFile = join(import.meta.dirname, '..', '..', 'test-results', 'reliability', 'figures.jsonl');

export function recordFigure(figure: Figure): void {
  mkdirSync(join(figuresFile, '..'), { recursive: true });
  appendFileSync(figuresFile, JSON.stringify(figure) + '\n');
}
