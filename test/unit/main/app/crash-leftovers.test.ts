import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanCrashLeftovers } from '../../../../main/app/crash-leftovers';
import type { Composition } from '../../../../main/app/compose';
import { boxDraft, composeOnDisk } from '../../../harness/composition-on-disk';
import { useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();
const open: Composition[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

function start(dataDir: string): Composition {
  const app = composeOnDisk(dataDir);
  open.push(app);
  return app;
}

describe('cleanCrashLeftovers', () => {
  it('removes temporary vault and settings copies, and nothing else', () => {
    const dir = tempDir();
    const leftovers = ['.0123456789ab.partial', 'settings.json.tmp-1712345678abcdef', 'window-state.json.tmp-1712345678abcdef'];
    const kept = ['settings.json', 'vault.json', 'dev-vault.key', 'settings.json.corrupt-2024-01-01T00-00-00-000Z', 'notes.partial'];
    for (const name of [...leftovers, ...kept]) writeFileSync(join(dir, name), 'x');
    expect(cleanCrashLeftovers(dir)).toBe(3);
    expect(readdirSync(dir).sort()).toEqual([...kept].sort());
  });
});

describe('start after a crash or a key change', () => {
  it('cleans leftovers and removes secrets of connections that no longer exist', async () => {
    const dataDir = tempDir();
    const first = start(dataDir);
    await first.ready;
    const kept = await first.registry.save(boxDraft('Kept'));
    const gone = await first.registry.save(boxDraft('Gone'));
    await first.close();
    open.splice(0);
    // A crash between writing secrets and saving the connection: the record is gone, its secrets not.
    const settings = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as { connections: Array<{ id: string }> };
    settings.connections = settings.connections.filter((c) => c.id !== gone.id);
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings));
    writeFileSync(join(dataDir, '.aaaaaaaaaaaa.partial'), 'half a vault');
    writeFileSync(join(dataDir, 'settings.json.tmp-1712345678abcdef'), '{"connections":');

    const second = start(dataDir);
    await second.ready;
    expect(existsSync(join(dataDir, '.aaaaaaaaaaaa.partial'))).toBe(false);
    expect(existsSync(join(dataDir, 'settings.json.tmp-1712345678abcdef'))).toBe(false);
    const vault = JSON.parse(readFileSync(join(dataDir, 'vault.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(vault).some((name) => name.startsWith(`conn/${gone.id}/`))).toBe(false);
    expect(Object.keys(vault)).toContain(`conn/${kept.id}/clientSecret`);
    expect((statSync(join(dataDir, 'vault.json')).mode & 0o777).toString(8)).toBe('600');
  });

  it('reports once when the key file was replaced, and marks the connection as needing its secret again', async () => {
    const dataDir = tempDir();
    const first = start(dataDir);
    await first.ready;
    const saved = await first.registry.save(boxDraft('Design Box'));
    expect(saved.secrets.clientSecret).toEqual({ set: true });
    await first.close();
    open.splice(0);
    rmSync(join(dataDir, 'dev-vault.key'));

    const second = start(dataDir);
    await second.ready;
    expect(second.problems.filter((p) => p.code === 'secrets_undecryptable')).toHaveLength(1);
    expect(second.problems[0]?.message).toContain('Design Box');
    const [summary] = await second.registry.list();
    expect(summary).toMatchObject({ needsSecretAgain: ['clientSecret'], secrets: { clientSecret: { set: false } } });
    expect(summary?.warnings.join(' ')).toContain('can no longer be decrypted');
    // The unreadable copy is kept (the old key may come back) but never handed to a provider.
    expect(readFileSync(join(dataDir, 'vault.json'), 'utf8')).toContain(`conn/${saved.id}/clientSecret`);

    // Entering the secret again clears the mark.
    const again = await second.registry.save({
      ...boxDraft('Design Box'),
      id: saved.id,
      secrets: { clientSecret: 'a-new-secret-0123456789abcdef012' },
    });
    expect(again.needsSecretAgain).toBeUndefined();
    expect(again.secrets.clientSecret).toEqual({ set: true });
  });
});
