import { lockDataDir } from '../../main/app/data-dir-lock';
import { boxDraft, composeOnDisk } from './composition-on-disk';

/**
 * `saver.ts <dataDir>`: a Skyhook instance that takes the data-folder lock as the app
 * does, then saves Box connections (with a secret) as fast as it can, printing
 * `SAVED=<id>` once each save is acknowledged, until it is killed. Used by the
 * kill -9 probe with two instances on one folder.
 */
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: saver.ts <dataDir>');
const locked = await lockDataDir(dataDir, []);
process.stdout.write(`OUTCOME=${locked.kind}\n`);
if (locked.kind !== 'acquired') process.exit(0);

const app = composeOnDisk(dataDir);
await app.ready;
for (let i = 0; ; i++) {
  const saved = await app.registry.save(boxDraft(`Box ${process.pid}-${i}`, `secret-${process.pid}-${i}-0123456789abcdef`));
  process.stdout.write(`SAVED=${saved.id}\n`);
}
