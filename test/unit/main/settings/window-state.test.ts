import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWindowState } from '../../../../main/settings/window-state';
import { recordingLogger, useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();
const now = () => new Date('2024-05-06T07:08:09.123Z');

describe('openWindowState', () => {
  it('keeps the window’s place and the weak-storage answer for the next start', () => {
    const dir = tempDir();
    const first = openWindowState(dir, recordingLogger(), now);
    first.set('windowBounds', { x: 10, y: 20, width: 900, height: 700, maximized: false });
    first.set('weakSecretStorageAllowed', true);
    const second = openWindowState(dir, recordingLogger(), now);
    expect(second.get('windowBounds')).toEqual({ x: 10, y: 20, width: 900, height: 700, maximized: false });
    expect(second.get('weakSecretStorageAllowed')).toBe(true);
  });

  it('keeps an unreadable file aside byte for byte, logs it, and starts without it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'window-state.json'), '{"windowBounds": ');
    const log = recordingLogger();
    const state = openWindowState(dir, log, now);
    expect(state.get('windowBounds')).toBeUndefined();
    const aside = 'window-state.json.corrupt-2024-05-06T07-08-09-123Z';
    expect(readdirSync(dir)).toEqual([aside]);
    expect(readFileSync(join(dir, aside), 'utf8')).toBe('{"windowBounds": ');
    expect(log.lines.map((l) => l.message)).toEqual(['window state could not be read; kept aside']);
  });
});
