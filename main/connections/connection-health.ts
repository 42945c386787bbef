import { readFileSync } from 'node:fs';
import type { ConnectionHealth, TestReport } from '../../preload/contract';
import { writeFileAtomic } from '../shared/atomic-file';
import { AppError } from '../shared/app-error';

/** Labels of test-report details that name who the connection acts as. */
const accountLabels = new Set(['Service account', 'Signed in as', 'Box user', 'Account', 'User']);

/**
 * The last test result of each saved connection, kept in a file of its own so the
 * Connections page can say "tested 2 min ago" after a restart. Only summaries and fixes
 * are kept: test reports never carry secrets.
 */
export class HealthBook {
  private readonly entries: Map<string, ConnectionHealth>;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly now: () => Date,
  ) {
    this.entries = new Map(readEntries(file));
  }

  get(id: string): ConnectionHealth | undefined {
    return this.entries.get(id);
  }

  passed(id: string, report: TestReport, account?: string): ConnectionHealth {
    const who = account ?? report.details.find((d) => accountLabels.has(d.label))?.value;
    return this.set(id, {
      ok: true,
      testedAt: this.now().toISOString(),
      message: report.summary,
      ...(who ? { account: who } : {}),
      ...(report.visibleImages !== undefined ? { visibleImages: report.visibleImages } : {}),
    });
  }

  failed(id: string, error: unknown): ConnectionHealth {
    const known = error instanceof AppError;
    return this.set(id, {
      ok: false,
      testedAt: this.now().toISOString(),
      message: known ? error.message : 'The test failed.',
      ...(known && error.fix ? { fix: error.fix } : {}),
    });
  }

  forget(id: string): void {
    if (this.entries.delete(id)) this.persist();
  }

  private set(id: string, health: ConnectionHealth): ConnectionHealth {
    this.entries.set(id, health);
    this.persist();
    return health;
  }

  /** Writes one after another, so an older snapshot never lands after a newer one. */
  private persist(): void {
    const text = JSON.stringify(Object.fromEntries(this.entries), null, 2);
    this.writing = this.writing.then(() => writeFileAtomic(this.file, text)).catch(() => undefined);
  }

  /** Settles once everything recorded so far is on disk (tests, shutdown). */
  flushed(): Promise<void> {
    return this.writing;
  }
}

function readEntries(file: string): Array<[string, ConnectionHealth]> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return [];
    return Object.entries(parsed).filter((e): e is [string, ConnectionHealth] => isHealth(e[1]));
  } catch {
    // Missing or damaged: health is a convenience, the next test writes it again.
    return [];
  }
}

function isHealth(value: unknown): value is ConnectionHealth {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.ok === 'boolean' && typeof v.testedAt === 'string' && typeof v.message === 'string';
}
