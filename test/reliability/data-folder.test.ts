import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../main/app/data-dir-lock';
import { composeOnDisk } from '../harness/composition-on-disk';
import { useTempDirs } from '../harness/unit';
import { recordFigure } from './figures';

const tempDir = useTempDirs('file');
const saverScript = join(import.meta.dirname, '..', 'harness', 'saver.ts');
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

interface Saver {
  child: ChildProcess;
  outcome: Promise<string>;
  saved: string[];
  exited: Promise<unknown>;
}

function startSaver(dataDir: string): Saver {
  const child = spawn(process.execPath, ['--import', 'tsx', saverScript, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  running.push(child);
  const saved: string[] = [];
  let settle: (value: string) => void = () => undefined;
  const outcome = new Promise<string>((resolve) => (settle = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('OUTCOME=')) settle(line.slice('OUTCOME='.length));
    if (line.startsWith('SAVED=')) saved.push(line.slice('SAVED='.length));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  void exited.then(() => settle('exited'));
  return { child, outcome, saved, exited };
}

const until = async (check: () => boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('two instances on one data folder, killed during saves', () => {
  it('loses no acknowledged connection or secret, and leaves nothing behind', async () => {
    const dataDir = tempDir();
    const rounds = 3;
    const acknowledged: string[] = [];
    let bothOwned = 0;
    for (let round = 0; round < rounds; round++) {
      const pair = [startSaver(dataDir), startSaver(dataDir)];
      const outcomes = await Promise.all(pair.map((s) => s.outcome));
      if (outcomes.filter((o) => o === 'acquired').length !== 1) bothOwned++;
      const owner = pair[outcomes.indexOf('acquired')];
      if (owner) {
        // Kill in the middle of a burst of saves, a little later each round.
        await until(() => owner.saved.length >= 3 + round * 2);
        owner.child.kill('SIGKILL');
      }
      await Promise.all(pair.map((s) => s.exited));
      for (const s of pair) acknowledged.push(...s.saved);
    }
    // Crash leftovers a kill can leave mid-write, on top of whatever the kills left.
    writeFileSync(join(dataDir, '.0123456789ab.partial'), '{"conn/x/clientSecret":"half');
    writeFileSync(join(dataDir, 'settings.json.tmp-1712345678abcdef'), '{"connections":[');

    const lock = await lockDataDir(dataDir, []);
    expect(lock.kind).toBe('acquired');
    const app = composeOnDisk(dataDir);
    await app.ready;
    const summaries = await app.registry.list();
    const lostConnections = acknowledged.filter((id) => !summaries.some((s) => s.id === id)).length;
    const lostSecrets = summaries.filter((s) => acknowledged.includes(s.id) && !s.secrets.clientSecret?.set).length;
    const leftovers = readdirSync(dataDir).filter((name) => name.endsWith('.partial') || name.includes('.tmp-'));
    const orphans = (await app.registry.pruneOrphanSecrets()) + 0;
    await app.close();
    if (lock.kind === 'acquired') await lock.lock.release();

    recordFigure({
      probe: 'kill -9 during saves, two instances',
      tries: rounds,
      failures: bothOwned + leftovers.length + orphans,
      lost: lostConnections + lostSecrets,
      note: `${acknowledged.length} saves acknowledged; ${lostConnections} connections and ${lostSecrets} secrets lost; ${leftovers.length} leftovers, ${orphans} orphan secrets after start`,
    });
    expect(bothOwned).toBe(0);
    expect(lostConnections + lostSecrets).toBe(0);
    expect(leftovers).toEqual([]);
    expect(orphans).toBe(0);
    // Six Node processes start here; on a loaded 2-core machine each can take seconds.
  }, 180_000);
});
