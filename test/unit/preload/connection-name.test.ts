import { describe, expect, it } from 'vitest';
import { makeWorld } from '../main/profiles/world';
import { connectionDraft } from '../../../preload/connection-drafts';
import { connectionName } from '../../../preload/connection-name';
import { contract } from '../../../preload/contract';

const hostile = {
  'right-to-left override': 'Design Box\u202Egpj.exe',
  'left-to-right isolate': 'Design \u2066Box',
  'zero-width space': 'Design\u200BBox',
  'zero-width joiner': 'Design\u200DBox',
  'byte order mark': 'Design\uFEFFBox',
  'soft hyphen': 'De\u00ADsign',
  NUL: 'Design\u0000Box',
  'line feed': 'Design\nBox',
  escape: 'Design \u001b[31mBox',
  'line separator': 'Design\u2028Box',
};
const fine = ['Design Box', 'Café photos', 'デザイン素材', 'Box (2) — brand', '📦 Assets', 'Ünïcödé ñame'];

describe('connection names', () => {
  it.each(Object.entries(hostile))('refuses a %s', (_label, name) => {
    expect(connectionName.safeParse(name).success).toBe(false);
  });

  it('accepts names in any script, with punctuation and emoji', () => {
    for (const name of fine) expect(connectionName.safeParse(name).success, name).toBe(true);
  });

  it('is the rule for drafts, renames and imported profiles alike', async () => {
    const id = '3f2c7a4e-9b1d-4c8e-8f00-123456789abc';
    for (const name of Object.values(hostile)) {
      expect(connectionDraft.safeParse({ kind: 'local', name, config: { folder: '/x' }, secrets: {} }).success, name).toBe(false);
      expect(contract['connections.rename'].input.safeParse({ id, name }).success, name).toBe(false);
    }
    const world = makeWorld();
    try {
      const profile = {
        format: 'skyhook-connection-profile',
        version: 1,
        connection: { kind: 'local', name: hostile['right-to-left override'], config: { folder: '/x' } },
      };
      await expect(world.profiles.preview(JSON.stringify(profile))).rejects.toMatchObject({ code: 'profile_invalid' });
    } finally {
      world.cleanup();
    }
  });
});
