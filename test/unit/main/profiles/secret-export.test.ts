import { afterEach, describe, expect, it } from 'vitest';
import type { Confirmation } from '../../../../main/ipc/ports';
import { ProfileService } from '../../../../main/profiles/profile-service';
import { AppError } from '../../../../main/shared/app-error';
import { allSecretValues, drafts, makeWorld, testCost, type World } from './world';

const worlds: World[] = [];
afterEach(() => worlds.splice(0).forEach((w) => w.cleanup()));

/** An admin's computer whose "include secrets?" question is answered by `answer`. */
async function adminAnswering(answer?: (question: Confirmation) => Promise<boolean>) {
  const world = makeWorld();
  worlds.push(world);
  const saved = await world.registry.save(drafts['box-jwt']);
  const asked: Confirmation[] = [];
  const profiles = new ProfileService({
    registry: world.registry,
    appVersion: '1.0.0',
    scryptCost: testCost,
    ...(answer
      ? {
          confirm: (question: Confirmation) => {
            asked.push(question);
            return answer(question);
          },
        }
      : {}),
  });
  return { world, saved, profiles, asked };
}

describe('exporting secrets needs the person at the computer to say yes', () => {
  it('is refused where nobody can be asked, on a no, and when asking fails', async () => {
    for (const answer of [undefined, async () => false, async () => Promise.reject(new Error('dialog failed'))]) {
      const { saved, profiles } = await adminAnswering(answer);
      const error = await profiles.export(saved.id, 'a long enough passphrase').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'export_not_confirmed' });
      for (const secret of allSecretValues) expect(JSON.stringify((error as AppError).toShape())).not.toContain(secret);
    }
  });

  it('asks once, naming the connection and each secret, and seals them after a yes', async () => {
    const { saved, profiles, asked } = await adminAnswering(async () => true);
    const profile = await profiles.export(saved.id, 'a long enough passphrase');
    expect(profile.sealed).toEqual(['Client secret', 'Private key', 'Private key passphrase']);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.message).toBe('Include the secrets of Brand Box (JWT) in the profile?');
    expect(asked[0]?.detail).toContain('Client secret, Private key, Private key passphrase');
  });

  it('an export without secrets asks nothing', async () => {
    const { saved, profiles, asked } = await adminAnswering(async () => false);
    const profile = await profiles.export(saved.id);
    expect(profile.sealed).toEqual([]);
    expect(asked).toEqual([]);
  });

  it("a managed connection's secrets are never exported, and the person is not even asked", async () => {
    const { world, profiles, asked } = await adminAnswering(async () => true);
    await world.registry.provision([
      { policyId: 'brand', kind: 'box-ccg', name: 'Brand (managed)', config: drafts['box-ccg'].config, secrets: drafts['box-ccg'].secrets },
    ]);
    const managed = world.registry.records().find((r) => r.managed)!;
    await expect(profiles.export(managed.id, 'a long enough passphrase')).rejects.toMatchObject({ code: 'managed_secrets' });
    expect(asked).toEqual([]);
    // Its settings can still be shared.
    expect((await profiles.export(managed.id)).sealed).toEqual([]);
  });
});
