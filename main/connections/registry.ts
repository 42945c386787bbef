import { createHash, randomUUID } from 'node:crypto';
import { connectionKinds, type ConnectionKind } from '../../preload/connection-kinds';
import { requiredSecrets, secretLabel, type ConnectionDraft } from '../../preload/connection-drafts';
import type { ConnectionSummary, SecretStatus, SignInTestResult, TestReport } from '../../preload/contract';
import type { Endpoints } from '../http/endpoints';
import type { Provider, ProviderContext, ProviderFactories } from '../providers/provider';
import { AppError, isAbortError } from '../shared/app-error';
import type { Logger } from '../shared/logger';
import type { ConnectionRecord, SettingsStore } from '../settings/settings-store';
import { overlayStore, type Vault } from '../vault/vault';
import type { HealthBook } from './connection-health';
import { PendingSignIns, recordingStore } from './draft-sign-ins';

export interface RegistryDeps {
  settings: SettingsStore;
  vault: Vault;
  factories: ProviderFactories;
  endpoints: Endpoints;
  fetch: typeof fetch;
  openExternal(url: string): Promise<void>;
  log: Logger;
  /** Warnings to show beside a connection (e.g. a client secret about to expire). */
  warningsFor?(record: ConnectionRecord): string[];
  /** Called when a connection is removed or replaced, to drop its cached media. */
  onForget?(connectionId: string): Promise<void>;
  /** The last test result of each saved connection, shown on its row. */
  health?: HealthBook;
}

const secretPrefix = (id: string) => `conn/${id}/`;

/** A connection arriving from a profile or a policy, secrets in hand (validated here). */
export interface AdoptInput {
  kind: ConnectionKind;
  name: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  /** Swap this connection out for the new one (the import preview's "Replace"). */
  replaceId?: string;
}

/** One connection an IT policy provisions, matched across starts by its policy ID. */
export interface ManagedInput extends Omit<AdoptInput, 'replaceId'> {
  policyId: string;
}

export interface RegistryLocks {
  allowNewConnections: boolean;
}

/**
 * The saved connections and one live provider per connection. Saving is all or nothing:
 * a save that fails part-way restores the previous secrets, and a failed test never
 * touches what is saved.
 */
export class ConnectionRegistry {
  private readonly providers = new Map<string, Provider>();
  private locks: RegistryLocks = { allowNewConnections: true };
  private readonly pendingSignIns = new PendingSignIns();
  /** The wizard's last passing test: saving that same draft makes it the connection's health. */
  private lastPassedTest: { key: string; report: TestReport } | undefined;
  /** The page of the sign-in in progress, for "Open the sign-in page again". */
  private signInPage: string | undefined;

  constructor(private readonly deps: RegistryDeps) {}

  records(): ConnectionRecord[] {
    return this.deps.settings.get('connections');
  }

  record(id: string): ConnectionRecord {
    const found = this.records().find((r) => r.id === id);
    if (!found) throw new AppError({ code: 'connection_not_found', message: 'That connection no longer exists.' });
    return found;
  }

  async list(): Promise<ConnectionSummary[]> {
    return Promise.all(this.records().map((r) => this.summary(r)));
  }

  provider(id: string): Provider {
    const existing = this.providers.get(id);
    if (existing) return existing;
    const record = this.record(id);
    const provider = this.build(record.kind, record.config, id, this.deps.vault.scoped(secretPrefix(id)));
    this.providers.set(id, provider);
    return provider;
  }

  /** Tests a draft with its secrets held in memory only; nothing is written. */
  async test(draft: ConnectionDraft, signal: AbortSignal): Promise<TestReport> {
    const id = draft.id ?? randomUUID();
    if (draft.id) this.record(draft.id);
    const secrets = overlayStore(this.deps.vault.scoped(secretPrefix(id)), definedEntries(draft.secrets));
    await this.requireSecrets(draft, secrets);
    const provider = this.build(draft.kind, draft.config, id, secrets);
    try {
      const report = await provider.test(signal);
      this.lastPassedTest = { key: this.testedKey(draft), report };
      return report;
    } finally {
      await provider.dispose?.();
    }
  }

  /**
   * Signs in with a draft and tests it as that account. The tokens stay in memory until the
   * draft is saved with the same settings (`save` with `id: pendingId`).
   */
  async signInAndTest(draft: ConnectionDraft, signal: AbortSignal): Promise<SignInTestResult> {
    const id = draft.id ?? randomUUID();
    if (draft.id && !this.pendingSignIns.has(draft.id)) this.record(draft.id);
    const recording = recordingStore(overlayStore(this.deps.vault.scoped(secretPrefix(id)), definedEntries(draft.secrets)));
    await this.requireSecrets(draft, recording.store);
    const provider = this.build(draft.kind, draft.config, id, recording.store);
    try {
      const auth = provider.auth;
      if (!auth) throw new AppError({ code: 'no_sign_in', message: 'This connection does not use a personal sign-in.' });
      const account = await this.signingIn(() => auth.signIn(signal));
      const report = await provider.test(signal);
      const health = {
        ok: true,
        testedAt: new Date().toISOString(),
        message: report.summary,
        account,
        ...(report.visibleImages !== undefined ? { visibleImages: report.visibleImages } : {}),
      };
      this.pendingSignIns.put(id, { kind: draft.kind, config: this.configKey(draft), writes: recording.writes, health });
      return { account, report, pendingId: id };
    } finally {
      await provider.dispose?.();
    }
  }

  /** Tests a saved connection as it is saved; the outcome becomes its health. */
  async testSaved(id: string, signal: AbortSignal): Promise<TestReport> {
    const provider = this.provider(id);
    try {
      const report = await provider.test(signal);
      const state = await provider.auth?.state().catch(() => undefined);
      this.deps.health?.passed(id, report, state?.account);
      return report;
    } catch (error) {
      if (!isAbortError(error) && !(error instanceof AppError && error.code === 'cancelled')) this.deps.health?.failed(id, error);
      throw error;
    }
  }

  /** Opens the page of the sign-in in progress again (its browser tab was closed). */
  async reopenSignIn(): Promise<void> {
    if (!this.signInPage) {
      throw new AppError({ code: 'no_sign_in_in_progress', message: 'No sign-in is waiting any more.', fix: 'Start the sign-in again.' });
    }
    await this.deps.openExternal(this.signInPage);
  }

  async save(draft: ConnectionDraft): Promise<ConnectionSummary> {
    // A new connection signed in from the wizard arrives with the id its sign-in was kept under.
    const fromSignIn = draft.id !== undefined && this.pendingSignIns.has(draft.id);
    const signedIn = draft.id ? this.pendingSignIns.take(draft.id, draft.kind, this.configKey(draft)) : undefined;
    const previous = draft.id && !fromSignIn ? this.record(draft.id) : this.records().find((r) => r.id === draft.id);
    if (previous?.managed) {
      throw new AppError({ code: 'managed', message: 'This connection is managed by your organisation and cannot be changed here.' });
    }
    if (previous && previous.kind !== draft.kind) {
      throw new AppError({ code: 'kind_changed', message: 'A connection cannot change its provider. Add a new connection instead.' });
    }
    if (!previous) this.assertCanAdd();
    const id = previous?.id ?? (fromSignIn ? draft.id : undefined) ?? randomUUID();
    const scope = this.deps.vault.scoped(secretPrefix(id));
    await this.requireSecrets(draft, scope);

    const written: Array<[string, string | undefined]> = [];
    try {
      for (const [name, value] of Object.entries(definedEntries(draft.secrets))) {
        written.push([name, await scope.get(name)]);
        await scope.set(name, value);
      }
      // The sign-in made from the wizard: its tokens become this connection's.
      for (const [name, value] of signedIn?.writes ?? []) {
        written.push([name, await scope.get(name)]);
        await (value === undefined ? scope.delete(name) : scope.set(name, value));
      }
      const record: ConnectionRecord = {
        id,
        kind: draft.kind,
        name: draft.name,
        enabled: previous?.enabled ?? true,
        managed: false,
        createdAt: previous?.createdAt ?? new Date().toISOString(),
        config: { ...draft.config },
      };
      const records = this.records();
      this.deps.settings.set('connections', previous ? records.map((r) => (r.id === id ? record : r)) : [...records, record]);
      await this.dropProvider(id);
      const tested = this.lastPassedTest?.key === this.testedKey(draft) ? this.lastPassedTest.report : undefined;
      if (tested && !signedIn) this.deps.health?.passed(id, tested);
      if (signedIn)
        this.deps.health?.passed(
          id,
          {
            summary: signedIn.health.message,
            details: [],
            nextSteps: [],
            ...(signedIn.health.visibleImages !== undefined ? { visibleImages: signedIn.health.visibleImages } : {}),
          },
          signedIn.health.account,
        );
      return await this.summary(record);
    } catch (error) {
      for (const [name, old] of written.reverse()) {
        await (old === undefined ? scope.delete(name) : scope.set(name, old)).catch(() => undefined);
      }
      throw error;
    }
  }

  /** Adds a connection without a wizard (the Samples folder on first run, managed profiles). */
  add(record: Omit<ConnectionRecord, 'id' | 'createdAt'>): ConnectionRecord {
    const full: ConnectionRecord = { ...record, id: randomUUID(), createdAt: new Date().toISOString() };
    this.deps.settings.set('connections', [...this.records(), full]);
    return full;
  }

  /** Set by the IT policy at start. */
  setLocks(locks: RegistryLocks): void {
    this.locks = { ...locks };
  }

  assertCanAdd(): void {
    if (this.locks.allowNewConnections) return;
    throw new AppError({
      code: 'connections_locked',
      message: 'Your organisation manages the connections on this computer: new connections cannot be added here.',
      fix: 'Ask your IT team to add the connection to the Skyhook policy.',
    });
  }

  /** A connection's saved app secrets (not its tokens), for a sealed profile export only. */
  async secretsOf(id: string): Promise<Record<string, string>> {
    const record = this.record(id);
    const scope = this.deps.vault.scoped(secretPrefix(id));
    const found: Record<string, string> = {};
    for (const name of Object.keys(connectionKinds[record.kind].secrets.shape)) {
      const value = await scope.get(name);
      if (value) found[name] = value;
    }
    return found;
  }

  /**
   * Adds an imported connection: secrets straight into the vault, then the record, all or
   * nothing. Unlike `save`, missing secrets are allowed: the connection then says what it lacks.
   */
  async adopt(input: AdoptInput): Promise<ConnectionSummary> {
    const replaced = input.replaceId ? this.record(input.replaceId) : undefined;
    if (replaced?.managed) {
      throw new AppError({
        code: 'managed',
        message: `${replaced.name} is managed by your organisation and cannot be replaced.`,
        fix: 'Choose "Keep both" instead.',
      });
    }
    if (!replaced) this.assertCanAdd();
    const { config, secrets } = this.validated(input);
    const record: ConnectionRecord = {
      id: randomUUID(),
      kind: input.kind,
      name: input.name,
      enabled: true,
      managed: false,
      createdAt: new Date().toISOString(),
      config,
    };
    await this.writeSecrets(record.id, secrets);
    try {
      const records = this.records();
      this.deps.settings.set('connections', replaced ? records.map((r) => (r.id === replaced.id ? record : r)) : [...records, record]);
    } catch (error) {
      await this.deps.vault.deletePrefix(secretPrefix(record.id)).catch(() => undefined);
      throw error;
    }
    if (replaced) await this.forget(replaced.id);
    return this.summary(record);
  }

  /**
   * Makes the managed connections exactly `entries`: updates those already provisioned (same
   * policy ID, same kind) in place, adds new ones, removes the ones the policy dropped. The
   * user's own connections are left alone. Running it twice with the same entries changes nothing.
   */
  async provision(entries: ManagedInput[]): Promise<void> {
    const validated = entries.map((entry) => ({ entry, ...this.validated(entry) }));
    const current = this.records();
    const existing = (entry: ManagedInput) => current.find((r) => r.managed && r.policyId === entry.policyId && r.kind === entry.kind);
    const next: ConnectionRecord[] = current.filter((r) => !r.managed || validated.some(({ entry }) => existing(entry) === r));
    const changed = new Set<string>();
    for (const { entry, config, secrets } of validated) {
      const before = existing(entry);
      const record: ConnectionRecord = {
        id: before?.id ?? randomUUID(),
        kind: entry.kind,
        name: entry.name,
        enabled: before?.enabled ?? true,
        managed: true,
        policyId: entry.policyId,
        createdAt: before?.createdAt ?? new Date().toISOString(),
        config,
      };
      const secretsChanged = await this.writeSecrets(record.id, secrets);
      if (before) {
        if (secretsChanged || JSON.stringify(before) !== JSON.stringify(record)) changed.add(record.id);
        next[next.indexOf(before)] = record;
      } else next.push(record);
    }
    const removed = current.filter((r) => !next.some((n) => n.id === r.id));
    if (JSON.stringify(next) !== JSON.stringify(current)) this.deps.settings.set('connections', next);
    for (const id of changed) await this.dropProvider(id);
    for (const r of removed) await this.forget(r.id);
  }

  async rename(id: string, name: string): Promise<ConnectionSummary> {
    return this.update(id, (r) => ({ ...r, name }));
  }

  /** Turning a connection off only changes this person's search, so managed ones allow it too. */
  async setEnabled(id: string, enabled: boolean): Promise<ConnectionSummary> {
    return this.update(id, (r) => ({ ...r, enabled }), { evenManaged: true });
  }

  async remove(id: string): Promise<void> {
    const record = this.record(id);
    if (record.managed) {
      throw new AppError({ code: 'managed', message: 'This connection is managed by your organisation and cannot be removed here.' });
    }
    const auth = this.providers.get(id)?.auth;
    await auth?.signOut().catch((error: unknown) => this.deps.log.warn('sign-out during removal failed', { id, error: String(error) }));
    this.deps.settings.set(
      'connections',
      this.records().filter((r) => r.id !== id),
    );
    await this.forget(id);
  }

  async signIn(id: string, signal: AbortSignal): Promise<ConnectionSummary> {
    const auth = this.authOf(id);
    await this.signingIn(() => auth.signIn(signal));
    return this.summary(this.record(id));
  }

  async signOut(id: string): Promise<ConnectionSummary> {
    await this.authOf(id).signOut();
    return this.summary(this.record(id));
  }

  /**
   * Deletes secrets and tokens of connections that no longer exist (a crash between writing
   * a secret and saving its connection leaves them). Run at start, before anything saves.
   */
  async pruneOrphanSecrets(): Promise<number> {
    const live = new Set(this.records().map((r) => r.id));
    const orphan = (name: string) => {
      const id = /^conn\/([^/]+)\//.exec(name)?.[1];
      return id !== undefined && !live.has(id);
    };
    const count = this.deps.vault.names().filter(orphan).length;
    if (count > 0) await this.deps.vault.deleteWhere(orphan);
    return count;
  }

  async dispose(): Promise<void> {
    for (const id of [...this.providers.keys()]) await this.dropProvider(id);
  }

  /** Runs a sign-in, remembering the page it opens until it ends. */
  private async signingIn<T>(signIn: () => Promise<T>): Promise<T> {
    try {
      return await signIn();
    } finally {
      this.signInPage = undefined;
    }
  }

  /** A draft's settings and secrets as one hash (no secret is kept in memory longer than the draft). */
  private testedKey(draft: ConnectionDraft): string {
    return createHash('sha256')
      .update(JSON.stringify([draft.kind, this.configKey(draft), definedEntries(draft.secrets)]))
      .digest('hex');
  }

  /** The settings a sign-in was made with, in one comparable string. */
  private configKey(draft: ConnectionDraft): string {
    return JSON.stringify(connectionKinds[draft.kind].config.parse(draft.config));
  }

  private authOf(id: string) {
    const auth = this.provider(id).auth;
    if (!auth) throw new AppError({ code: 'no_sign_in', message: 'This connection does not use a personal sign-in.' });
    return auth;
  }

  private async update(
    id: string,
    change: (r: ConnectionRecord) => ConnectionRecord,
    options: { evenManaged?: boolean } = {},
  ): Promise<ConnectionSummary> {
    const record = this.record(id);
    if (record.managed && !options.evenManaged) {
      throw new AppError({ code: 'managed', message: 'This connection is managed by your organisation and cannot be changed here.' });
    }
    const next = change(record);
    this.deps.settings.set(
      'connections',
      this.records().map((r) => (r.id === id ? next : r)),
    );
    return this.summary(next);
  }

  /** Checks an imported or provisioned connection against its kind's schemas. */
  private validated(input: Pick<AdoptInput, 'kind' | 'config' | 'secrets'>): {
    config: Record<string, unknown>;
    secrets: Record<string, string>;
  } {
    const kind = connectionKinds[input.kind];
    const config = kind.config.safeParse(input.config);
    const secrets = kind.secrets.partial().safeParse(input.secrets);
    if (!config.success || !secrets.success) {
      const issue = (config.error ?? secrets.error)?.issues[0];
      throw new AppError({
        code: 'invalid_connection',
        message: `The connection's settings are not valid: ${issue?.message ?? 'invalid'} (${issue?.path.join('.') ?? ''}).`,
      });
    }
    return { config: { ...config.data }, secrets: definedEntries(secrets.data as Record<string, string | undefined>) };
  }

  /** Writes secrets that differ from the saved ones; says whether any did. */
  private async writeSecrets(id: string, secrets: Record<string, string>): Promise<boolean> {
    const scope = this.deps.vault.scoped(secretPrefix(id));
    let changed = false;
    for (const [name, value] of Object.entries(secrets)) {
      if ((await scope.get(name)) === value) continue;
      await scope.set(name, value);
      changed = true;
    }
    return changed;
  }

  /** Drops everything held for a connection that is no longer in the list. */
  private async forget(id: string): Promise<void> {
    await this.dropProvider(id);
    await this.deps.vault.deletePrefix(secretPrefix(id));
    this.deps.health?.forget(id);
    await this.deps.onForget?.(id);
  }

  private async dropProvider(id: string): Promise<void> {
    const provider = this.providers.get(id);
    this.providers.delete(id);
    await provider?.dispose?.();
  }

  private build(kind: ConnectionKind, config: Record<string, unknown>, id: string, secrets: ProviderContext['secrets']): Provider {
    const context: ProviderContext = {
      connectionId: id,
      fetch: this.deps.fetch,
      secrets,
      endpoints: this.deps.endpoints,
      // Providers open pages only to sign in: remember the page for "Open the sign-in page again".
      openExternal: (url) => {
        this.signInPage = url;
        return this.deps.openExternal(url);
      },
      log: this.deps.log,
    };
    const parsed = connectionKinds[kind].config.parse(config);
    // The factory table is indexed by the same kind that chose the schema above.
    const factory = this.deps.factories[kind] as (input: { config: typeof parsed; context: ProviderContext }) => Provider;
    return factory({ config: parsed, context });
  }

  /** Every secret a kind needs must be in the draft or already saved. */
  private async requireSecrets(draft: ConnectionDraft, store: ProviderContext['secrets']): Promise<void> {
    const given = definedEntries(draft.secrets);
    for (const name of requiredSecrets(draft.kind)) {
      if (name in given || (await store.get(name)) !== undefined) continue;
      const label = secretLabel(draft.kind, name);
      throw new AppError({
        code: 'missing_secret',
        message: `${label} is required.`,
        fix: `Paste the ${label.toLowerCase()} into the form.`,
      });
    }
  }

  private async summary(record: ConnectionRecord): Promise<ConnectionSummary> {
    const shape = connectionKinds[record.kind].secrets.shape as Record<string, unknown>;
    const secrets: Record<string, SecretStatus> = {};
    for (const name of Object.keys(shape)) secrets[name] = { set: this.deps.vault.has(secretPrefix(record.id) + name) };
    let auth: ConnectionSummary['auth'] = 'not-needed';
    let account: string | undefined;
    const warnings = this.deps.warningsFor?.(record) ?? [];
    const unreadable = new Set(this.deps.vault.undecryptable());
    const needsSecretAgain = Object.keys(shape).filter((name) => unreadable.has(secretPrefix(record.id) + name));
    for (const name of needsSecretAgain) {
      warnings.push(
        `${secretLabel(record.kind, name)} can no longer be decrypted on this computer (its keychain or key changed): select Edit and enter it again.`,
      );
    }
    for (const name of requiredSecrets(record.kind)) {
      if (secrets[name]?.set || needsSecretAgain.includes(name)) continue;
      // Imported profiles may come without the secret: say who can supply it.
      warnings.push(
        `${secretLabel(record.kind, name)} missing: ${record.managed ? 'ask your IT team' : 'select Edit and paste it, or ask whoever shared the connection'}.`,
      );
    }
    if (connectionKinds[record.kind].perUser) {
      try {
        const state = await this.provider(record.id).auth?.state();
        auth = state?.state ?? 'needs-sign-in';
        account = state?.account;
      } catch (error) {
        auth = 'needs-sign-in';
        warnings.push(error instanceof AppError ? error.message : 'The sign-in state could not be read.');
      }
    }
    return {
      id: record.id,
      kind: record.kind,
      name: record.name,
      enabled: record.enabled,
      managed: record.managed,
      config: record.config,
      secrets,
      auth,
      ...(account ? { account } : {}),
      warnings,
      ...(needsSecretAgain.length ? { needsSecretAgain } : {}),
      ...(this.deps.health?.get(record.id) ? { health: this.deps.health.get(record.id) } : {}),
      // The stored config passed its kind's schema when it was saved (and again when built).
    } as ConnectionSummary;
  }
}

function definedEntries(secrets: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(secrets).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
}
