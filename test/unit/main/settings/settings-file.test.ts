import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { compareVersions, SettingsFile } from '../../../../main/settings/settings-file';
import { useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();
const schema = z.looseObject({ limit: z.number().min(10).default(100), names: z.array(z.string()).default([]) });
type Data = z.infer<typeof schema>;
const open = (dir: string, extra: Partial<ConstructorParameters<typeof SettingsFile<Data>>[0]> = {}) =>
  new SettingsFile<Data>({ dir, name: 'prefs', schema, version: '1.0.0', ...extra });
const onDisk = (dir: string) => JSON.parse(readFileSync(join(dir, 'prefs.json'), 'utf8')) as Record<string, unknown>;

describe('SettingsFile', () => {
  it('opens a file conf wrote: its values, its recorded version and keys it does not know stay', () => {
    const dir = tempDir();
    const written = { limit: 50, names: ['a'], later: { kept: true }, __internal__: { migrations: { version: '1.0.0' } } };
    writeFileSync(join(dir, 'prefs.json'), JSON.stringify(written, null, '\t'));
    const file = open(dir);
    expect([file.get('limit'), file.get('names')]).toEqual([50, ['a']]);
    file.set('limit', 60);
    expect(onDisk(dir)).toEqual({ ...written, limit: 60 });
  });

  it('fills defaults for a new file, writes it readable by the user only, and records the version', () => {
    const dir = tempDir();
    const file = open(dir);
    expect(file.get('limit')).toBe(100);
    file.set('names', ['x']);
    expect(onDisk(dir)).toEqual({ limit: 100, names: ['x'], __internal__: { migrations: { version: '1.0.0' } } });
    expect(statSync(join(dir, 'prefs.json')).mode & 0o777).toBe(0o600);
    // Written through a temporary file that is renamed: nothing else is left beside it.
    expect(readdirSync(dir)).toEqual(['prefs.json']);
  });

  it('refuses a value that breaks the schema: memory and file stay as they were, listeners are not called', () => {
    const dir = tempDir();
    const file = open(dir);
    file.set('limit', 20);
    let calls = 0;
    file.onDidChange('limit', () => calls++);
    expect(() => file.set('limit', 1)).toThrow(/limit/);
    expect(file.get('limit')).toBe(20);
    expect(onDisk(dir)['limit']).toBe(20);
    expect(calls).toBe(0);
  });

  it('tells listeners of a key only when its value changed', () => {
    const file = open(tempDir());
    const seen: string[] = [];
    const stop = file.onDidChange('names', () => seen.push(file.get('names').join()));
    file.set('names', ['a']);
    file.set('names', ['a']);
    file.set('limit', 30);
    stop();
    file.set('names', ['b']);
    expect(seen).toEqual(['a']);
  });

  it('throws for a file that is not JSON or does not fit, and leaves it as it is for the caller', () => {
    const dir = tempDir();
    for (const text of ['{"limit": ', '[1, 2]', '{"limit": 3}']) {
      writeFileSync(join(dir, 'prefs.json'), text);
      expect(() => open(dir)).toThrow();
      expect(readFileSync(join(dir, 'prefs.json'), 'utf8')).toBe(text);
    }
  });

  it('runs the steps after the file’s version up to its own, in version order, and saves the result', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'prefs.json'), JSON.stringify({ limit: 10, __internal__: { migrations: { version: '1.2.0' } } }));
    const ran: string[] = [];
    const step = (version: string) => (data: Record<string, unknown>) => {
      ran.push(version);
      data['limit'] = Number(data['limit']) * 2;
    };
    const file = open(dir, {
      version: '1.10.0',
      migrations: { '1.10.0': step('1.10.0'), '1.2.0': step('1.2.0'), '1.9.0': step('1.9.0'), '2.0.0': step('2.0.0') },
    });
    expect(ran).toEqual(['1.9.0', '1.10.0']);
    expect(file.get('limit')).toBe(40);
    expect(onDisk(dir)).toEqual({ limit: 40, names: [], __internal__: { migrations: { version: '1.10.0' } } });
  });

  it('orders versions by number, not by text', () => {
    expect(['1.10.0', '1.2.0', '1.9.1', '0.9'].sort(compareVersions)).toEqual(['0.9', '1.2.0', '1.9.1', '1.10.0']);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
  });
});
