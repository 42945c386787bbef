import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { connectionDraft, secretLabel, type ConnectionDraft } from '../../../../preload/connection-drafts';
import * as kinds from '../../../../preload/connection-kinds';
import type { ConnectionKind } from '../../../../preload/connection-kinds';
import { contract } from '../../../../preload/contract';
import { ConnectionRegistry } from '../../../../main/connections/registry';
import { defaultEndpoints } from '../../../../main/http/endpoints';
import { profileConnection } from '../../../../main/profiles/profile-format';
import type { Provider, ProviderFactories } from '../../../../main/providers/provider';
import { silentLogger } from '../../../../main/shared/logger';
import { openSettings } from '../../../../main/settings/settings-store';
import { keyFileCipher } from '../../../../main/vault/keyfile-cipher';
import { Vault } from '../../../../main/vault/vault';
import { useTempDirs } from '../../../harness/unit';

// A provider nobody has written yet, added the way the README says: one descriptor entry
// (here swapped into the table) and a factory. Nothing else is told about it.
vi.mock('../../../../preload/connection-kinds', async (importOriginal) => {
  const real = await importOriginal<typeof kinds>();
  const { z } = await import('zod');
  const acme = {
    label: 'Acme DAM',
    service: 'local',
    config: z.object({ workspace: z.string().trim().min(1, 'Workspace is required.') }),
    secrets: z.object({ apiKey: z.string().min(1) }),
    secretLabels: { apiKey: 'API key' },
    perUser: false,
    steps: ['api-key'],
  } as const;
  const connectionKinds = { ...real.connectionKinds, 'acme-dam': acme };
  return { ...real, connectionKinds, connectionKindNames: Object.keys(connectionKinds) };
});

const tempDir = useTempDirs();
const acme = 'acme-dam' as ConnectionKind;
// The compiler knows only the real kinds; the test kind exists at run time.
const draft = {
  kind: acme,
  name: 'Acme — Brand',
  config: { workspace: 'brand' },
  secrets: { apiKey: 'k-123' },
} as unknown as ConnectionDraft;

function registryWith(dir: string) {
  const { store: settings } = openSettings(dir);
  const seen: string[] = [];
  const acmeProvider = ({ config }: { config: { workspace: string } }): Provider => ({
    search: async (text) => ({ hits: [{ id: `${config.workspace}/logo.png`, name: 'logo.png' }].filter((h) => h.name.includes(text)) }),
    thumbnailSource: async () => new Uint8Array(),
    original: async () => {
      throw new Error('not used');
    },
    originalUrl: () => undefined,
    test: async () => {
      seen.push(config.workspace);
      return { summary: `Workspace ${config.workspace} answered.`, details: [], nextSteps: [] };
    },
  });
  const factories = { 'acme-dam': acmeProvider } as unknown as ProviderFactories;
  const registry = new ConnectionRegistry({
    settings,
    vault: new Vault(join(dir, 'vault.json'), keyFileCipher(join(dir, 'vault.key'))),
    factories,
    endpoints: defaultEndpoints,
    fetch: globalThis.fetch,
    openExternal: async () => undefined,
    log: silentLogger,
    onForget: async () => undefined,
  });
  return { registry, seen };
}

describe('a new kind of connection from its descriptor alone', () => {
  it('is a kind the contract, profiles and settings accept', () => {
    expect(kinds.connectionKindNames).toContain('acme-dam');
    expect(contract['connections.save'].input.safeParse(draft).success).toBe(true);
    expect(connectionDraft.safeParse({ ...draft, config: { workspace: '' } }).success).toBe(false);
    expect(profileConnection.safeParse({ kind: 'acme-dam', name: 'Acme', config: { workspace: 'brand' } }).success).toBe(true);
    expect(secretLabel(acme, 'apiKey')).toBe('API key');
  });

  it('is tested, saved, listed, searched and survives a restart through the real registry and settings', async () => {
    const dir = tempDir();
    const { registry, seen } = registryWith(dir);
    expect((await registry.test(draft, AbortSignal.timeout(5000))).summary).toBe('Workspace brand answered.');
    expect(seen).toEqual(['brand']);

    await expect(registry.save({ ...draft, secrets: {} } as ConnectionDraft)).rejects.toThrow('API key is required.');
    const saved = await registry.save(draft);
    expect(saved).toMatchObject({
      kind: 'acme-dam',
      name: 'Acme — Brand',
      config: { workspace: 'brand' },
      secrets: { apiKey: { set: true } },
    });
    const page = await registry.provider(saved.id).search('logo', undefined, AbortSignal.timeout(5000));
    expect(page.hits.map((h) => h.name)).toEqual(['logo.png']);

    const again = registryWith(dir).registry;
    expect((await again.list()).map((c) => [c.kind, c.name])).toEqual([['acme-dam', 'Acme — Brand']]);
  });
});
