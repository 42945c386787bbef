import { lockDataDir } from '../../main/app/data-dir-lock';

/**
 * A second process for the data-folder lock tests: `lock-holder.ts <dataDir> [args…]`
 * tries the lock, prints `OUTCOME=<json>`, and if it got the lock prints `ARGS=<json>`
 * for every start handed over to it, then stays until killed.
 */
const [dataDir, ...args] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: lock-holder.ts <dataDir> [args…]');
const outcome = await lockDataDir(dataDir, args, { waitMs: 1500, settleMs: 1000 });
process.stdout.write(`OUTCOME=${JSON.stringify(outcome.kind === 'acquired' ? { kind: 'acquired' } : outcome)}\n`);
if (outcome.kind === 'acquired') {
  outcome.lock.onArgs((handed) => process.stdout.write(`ARGS=${JSON.stringify(handed)}\n`));
  setInterval(() => undefined, 60_000);
}
