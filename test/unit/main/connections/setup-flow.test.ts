import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectionKind } from '../../../../preload/connection-kinds';
import type { DraftOf } from '../../../../preload/connection-drafts';
import { HealthBook } from '../../../../main/connections/connection-health';
import { SetupDraftStore } from '../../../../main/connections/setup-drafts';
import type { Provider, ProviderFactories, ProviderFactory } from '../../../../main/providers/provider';
import { AppError } from '../../../../main/shared/app-error';
import { providerTestingWith, registryOnDisk } from '../../../harness/registry-on-disk';
import { useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();
const signInPage = 'https://account.box.com/api/oauth2/authorize?client_id=oauth-client';

/**
 * A per-user provider as the real ones behave: signing in opens a page, then writes a
 * token and the account to the connection's secrets; the test works only when signed in.
 */
type Control = { waitForBrowser?: Promise<void>; testFails?: boolean; noSignInNeeded?: boolean };

function factories(control: Control): ProviderFactories {
  const make =
    <K extends ConnectionKind>(): ProviderFactory<K> =>
    ({ context }) => {
      const provider: Provider = {
        ...providerTestingWith(async () => {
          if (control.testFails)
            throw new AppError({
              code: 'not_authorized',
              message: 'Box says the app is not authorized.',
              fix: 'Ask your Box admin.',
              step: 'admin-authorize',
            });
          if (!control.noSignInNeeded && !(await context.secrets.get('token')))
            throw new AppError({ code: 'needs_sign_in', message: 'Sign in first.' });
          return { summary: 'Connected to Box.', details: [], nextSteps: [], visibleImages: 1204 };
        }),
        auth: {
          state: async () =>
            (await context.secrets.get('token')) ? { state: 'signed-in', account: 'ada@example.com' } : { state: 'needs-sign-in' },
          signIn: async () => {
            await context.openExternal(signInPage);
            await control.waitForBrowser;
            await context.secrets.set('token', 'refresh-token-1');
            return 'ada@example.com';
          },
          signOut: async () => context.secrets.delete('token'),
        },
      };
      return provider;
    };
  return { local: make(), 'box-ccg': make(), 'box-jwt': make(), 'box-oauth': make(), onedrive: make() };
}

function setup(dir = tempDir(), control: Control = {}) {
  const opened: string[] = [];
  const health = new HealthBook(join(dir, 'connection-health.json'), () => new Date('2026-12-01T10:00:00Z'));
  const { vault, registry } = registryOnDisk(dir, {
    factories: factories(control),
    openExternal: async (url) => void opened.push(url),
    health,
  });
  return { dir, vault, registry, opened, health, control };
}

const oauth = (clientId = 'oauth-client'): DraftOf<'box-oauth'> => ({
  kind: 'box-oauth',
  name: 'Box — Marketing',
  config: { clientId, redirectPort: 53682 },
  secrets: { clientSecret: 'oauth-secret' },
});

describe('signing in from the wizard before saving', () => {
  it('signs in and tests with the draft, keeps nothing until saved, then the saved connection is signed in with its health', async () => {
    const { registry, vault, health } = setup();
    const result = await registry.signInAndTest(oauth(), new AbortController().signal);
    expect(result.account).toBe('ada@example.com');
    expect(result.report.visibleImages).toBe(1204);
    // Nothing was saved: no connection, no secret, no token.
    expect(registry.records()).toEqual([]);
    expect(vault.names()).toEqual([]);

    const saved = await registry.save({ ...oauth(), id: result.pendingId });
    expect(saved.id).toBe(result.pendingId);
    expect(saved.auth).toBe('signed-in');
    expect(saved.account).toBe('ada@example.com');
    expect(saved.health).toMatchObject({ ok: true, account: 'ada@example.com', visibleImages: 1204 });
    expect(vault.names().sort()).toEqual([`conn/${saved.id}/clientSecret`, `conn/${saved.id}/token`]);
    await health.flushed();
  });

  it('a sign-in made with other settings is not kept: the connection saves signed out', async () => {
    const { registry, vault } = setup();
    const result = await registry.signInAndTest(oauth(), new AbortController().signal);
    const saved = await registry.save({ ...oauth('another-app'), id: result.pendingId });
    expect(saved.auth).toBe('needs-sign-in');
    expect(vault.names()).toEqual([`conn/${saved.id}/clientSecret`]);
  });

  it('"Open the sign-in page again" opens the page of the sign-in in progress, and only while it waits', async () => {
    let finish!: () => void;
    const { registry, opened } = setup(undefined, { waitForBrowser: new Promise<void>((resolve) => (finish = resolve)) });
    const signingIn = registry.signInAndTest(oauth(), new AbortController().signal);
    await expect.poll(() => opened.length).toBe(1);
    await registry.reopenSignIn();
    expect(opened).toEqual([signInPage, signInPage]);
    finish();
    await signingIn;
    await expect(registry.reopenSignIn()).rejects.toMatchObject({ code: 'no_sign_in_in_progress' });
  });
});

describe('testing a saved connection', () => {
  it('records a failed test as the connection health, kept across a restart', async () => {
    const dir = tempDir();
    const { registry, health, control } = setup(dir);
    const result = await registry.signInAndTest(oauth(), new AbortController().signal);
    const saved = await registry.save({ ...oauth(), id: result.pendingId });
    control.testFails = true;
    await expect(registry.testSaved(saved.id, new AbortController().signal)).rejects.toMatchObject({ step: 'admin-authorize' });
    await health.flushed();

    const again = setup(dir);
    const [summary] = await again.registry.list();
    expect(summary?.health).toEqual({
      ok: false,
      testedAt: '2026-12-01T10:00:00.000Z',
      message: 'Box says the app is not authorized.',
      fix: 'Ask your Box admin.',
    });
  });
});

describe('setup drafts', () => {
  it('keep settings in their file and secrets only in the vault; fill a new draft; go when discarded', async () => {
    const dir = tempDir();
    const { vault } = setup(dir);
    const file = join(dir, 'setup-drafts.json');
    const drafts = new SetupDraftStore(file, vault, () => new Date('2026-12-01T10:00:00Z'));
    const kept = await drafts.put({
      kind: 'box-ccg',
      step: 4,
      done: [0, 1, 2, 3, 3],
      name: 'Box — Marketing',
      config: { clientId: 'abc' },
      secrets: { clientSecret: 's3cret-value' },
    });
    expect(kept).toMatchObject({ step: 4, done: [0, 1, 2, 3], secrets: { clientSecret: { set: true } } });
    expect(readFileSync(file, 'utf8')).not.toContain('s3cret-value');
    expect(JSON.stringify(drafts.list())).not.toContain('s3cret-value');

    // After a restart the renderer has no secret: main fills it in for the test and the save.
    const reopened = new SetupDraftStore(file, vault, () => new Date());
    expect(reopened.list()).toHaveLength(1);
    const draft: DraftOf<'box-ccg'> = {
      kind: 'box-ccg',
      name: 'Box — Marketing',
      config: { clientId: 'abc', subjectType: 'enterprise', subjectId: '1' },
      secrets: {},
    };
    expect((await reopened.fill(draft)).secrets).toEqual({ clientSecret: 's3cret-value' });
    expect((await reopened.fill({ ...draft, secrets: { clientSecret: 'typed-again' } })).secrets).toEqual({ clientSecret: 'typed-again' });

    await reopened.discard('box-ccg');
    expect(reopened.list()).toEqual([]);
    expect(vault.names()).toEqual([]);
  });
});

describe('a wizard test followed by saving the same draft', () => {
  it('becomes the new connection’s health; a draft changed after the test does not', async () => {
    const { registry } = setup(undefined, { noSignInNeeded: true });
    const ccg: DraftOf<'box-ccg'> = {
      kind: 'box-ccg',
      name: 'Box — Marketing',
      config: { clientId: 'abc', subjectType: 'enterprise', subjectId: '1' },
      secrets: { clientSecret: 's' },
    };
    await registry.test(ccg, new AbortController().signal);
    expect((await registry.save(ccg)).health).toMatchObject({ ok: true, message: 'Connected to Box.', visibleImages: 1204 });

    await registry.test({ ...ccg, name: 'Box — Studio' }, new AbortController().signal);
    const changed = await registry.save({ ...ccg, name: 'Box — Studio', secrets: { clientSecret: 'another' } });
    expect(changed.health).toBeUndefined();
  });
});
