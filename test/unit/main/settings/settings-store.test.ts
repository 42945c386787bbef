import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSettings, type StoreFactory } from '../../../../main/settings/settings-store';
import { useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();
const now = () => new Date('2024-05-06T07:08:09.123Z');
const asideName = 'settings.json.corrupt-2024-05-06T07-08-09-123Z';

describe('openSettings', () => {
  it('starts a fresh dir with the defaults and no problems', () => {
    const dir = tempDir();
    const { store, problems } = openSettings(dir, now);
    expect(problems).toEqual([]);
    expect(store.get('connections')).toEqual([]);
    expect(store.get('cacheLimitMb')).toBe(1024);
    expect(store.get('samplesSeeded')).toBe(false);
  });

  it('keeps what was saved for the next open', () => {
    const dir = tempDir();
    openSettings(dir, now).store.set('cacheLimitMb', 2048);
    const { store, problems } = openSettings(dir, now);
    expect(problems).toEqual([]);
    expect(store.get('cacheLimitMb')).toBe(2048);
  });

  it('refuses a value that breaks the schema instead of saving it', () => {
    const { store } = openSettings(tempDir(), now);
    expect(() => store.set('cacheLimitMb', 1)).toThrow();
    expect(store.get('cacheLimitMb')).toBe(1024);
  });

  /** Checks the report, the kept file and that the fresh store works; returns the kept text. */
  function expectMovedAside(dir: string): string {
    const { store, problems } = openSettings(dir, now);
    const aside = join(dir, asideName);
    expect(existsSync(aside)).toBe(true);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('settings_corrupt');
    expect(problems[0]?.message).toContain(aside);
    expect(problems[0]?.fix).toBeTruthy();

    expect(store.get('connections')).toEqual([]);
    expect(store.get('cacheLimitMb')).toBe(1024);
    const kept = readFileSync(aside, 'utf8');
    store.set('cacheLimitMb', 4096);
    const reopened = openSettings(dir, now);
    expect(reopened.problems).toEqual([]);
    expect(reopened.store.get('cacheLimitMb')).toBe(4096);
    // The kept copy is never overwritten by the fresh store, and there is only one.
    expect(readFileSync(aside, 'utf8')).toBe(kept);
    expect(readdirSync(dir).filter((n) => n.includes('corrupt'))).toEqual([asideName]);
    return kept;
  }

  it('moves a settings.json with invalid JSON aside byte for byte, reports it, and starts fresh', () => {
    const dir = tempDir();
    const content = '{"connections": [ {"id": "a", ';
    writeFileSync(join(dir, 'settings.json'), content);
    expect(expectMovedAside(dir)).toBe(content);
  });

  it('moves a settings.json that breaks the schema aside byte for byte, reports it, and starts fresh', () => {
    const dir = tempDir();
    const connection = { id: 'a', kind: 'dropbox', name: 'Mine', enabled: true, config: { folder: '/x' } };
    const text = JSON.stringify({ connections: [connection], cacheLimitMb: 5 });
    writeFileSync(join(dir, 'settings.json'), text);
    const keptText = expectMovedAside(dir);
    expect(keptText).toBe(text);
    const kept = JSON.parse(keptText) as { connections: unknown[]; cacheLimitMb: number };
    expect(kept.connections).toEqual([connection]);
    expect(kept.cacheLimitMb).toBe(5);
  });

  it('does not hide a failure unrelated to the file (no settings.json to move aside)', () => {
    const dir = tempDir();
    const failing: StoreFactory = () => {
      throw new Error('cannot create store');
    };
    expect(() => openSettings(dir, now, readFileSync, failing)).toThrow('cannot create store');
    expect(existsSync(join(dir, 'settings.json'))).toBe(false);
  });
});

describe('openSettings with a settings.json it may not read', () => {
  it('starts with defaults when settings.json is a folder, reports it, and leaves the folder as it is', async () => {
    const { mkdirSync, statSync } = await import('node:fs');
    const dir = tempDir();
    mkdirSync(join(dir, 'settings.json'));
    writeFileSync(join(dir, 'settings.json', 'inside.txt'), 'keep me');
    const { store, problems } = openSettings(dir, now);
    expect(problems.map((p) => p.code)).toEqual(['settings_unreadable']);
    expect(problems[0]?.message).toContain('is a folder');
    expect(store.get('connections')).toEqual([]);
    store.set('cacheLimitMb', 2048);
    expect(statSync(join(dir, 'settings.json')).isDirectory()).toBe(true);
    expect(readFileSync(join(dir, 'settings.json', 'inside.txt'), 'utf8')).toBe('keep me');
  });

  it('starts with defaults when reading settings.json is refused (EACCES), and never touches the file', () => {
    const dir = tempDir();
    const saved = JSON.stringify({ connections: [], cacheLimitMb: 4096, samplesSeeded: true, recentSearches: [] });
    writeFileSync(join(dir, 'settings.json'), saved);
    // The tests may run as root, for whom no file mode refuses a read: the refusal is simulated.
    const refuse = (path: string): Buffer => {
      throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
    };
    const { store, problems } = openSettings(dir, now, refuse);
    expect(problems.map((p) => p.code)).toEqual(['settings_unreadable']);
    expect(problems[0]?.message).toContain('may not be read by your user');
    expect(store.get('cacheLimitMb')).toBe(1024);
    store.set('cacheLimitMb', 2048);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(saved);
    expect(readdirSync(dir).filter((f) => f.includes('corrupt'))).toEqual([]);
  });
});
