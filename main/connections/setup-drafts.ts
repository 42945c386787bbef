import { readFileSync } from 'node:fs';
import { connectionKinds, type ConnectionKind } from '../../preload/connection-kinds';
import { type ConnectionDraft } from '../../preload/connection-drafts';
import type { SecretStatus, SetupDraft, SetupDraftInput } from '../../preload/contract';
import { writeFileAtomic } from '../shared/atomic-file';
import type { Vault } from '../vault/vault';

type StoredDraft = Omit<SetupDraft, 'secrets'>;

const secretPrefix = (kind: ConnectionKind) => `draft/${kind}/`;

/**
 * Setups that take days: one draft per wizard (per kind of connection), kept between
 * sessions. Settings go to a file of their own; secrets go to the vault and only whether
 * each one is kept ever travels back to the renderer. A draft ends when its connection is
 * saved or the admin starts over.
 */
export class SetupDraftStore {
  private readonly drafts: Map<ConnectionKind, StoredDraft>;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly vault: Vault,
    private readonly now: () => Date,
  ) {
    this.drafts = new Map(readDrafts(file).map((d) => [d.kind, d]));
  }

  list(): SetupDraft[] {
    return [...this.drafts.values()].map((d) => this.withSecrets(d));
  }

  /** Keeps the wizard's state; an empty secret keeps the one already kept. */
  async put(input: SetupDraftInput): Promise<SetupDraft> {
    const scope = this.vault.scoped(secretPrefix(input.kind));
    for (const [name, value] of Object.entries(input.secrets)) if (value !== '') await scope.set(name, value);
    const stored: StoredDraft = {
      kind: input.kind,
      step: input.step,
      done: [...new Set(input.done)].sort((a, b) => a - b),
      name: input.name,
      config: input.config,
      updatedAt: this.now().toISOString(),
    };
    this.drafts.set(input.kind, stored);
    await this.persist();
    return this.withSecrets(stored);
  }

  async discard(kind: ConnectionKind): Promise<void> {
    await this.vault.deletePrefix(secretPrefix(kind));
    if (this.drafts.delete(kind)) await this.persist();
  }

  /**
   * A new connection's draft with the secrets the renderer left out filled in from the kept
   * draft (the renderer never has them back after a restart). Only for connections not yet
   * saved: saved ones keep their own secrets.
   */
  async fill<D extends ConnectionDraft>(draft: D): Promise<D> {
    if (!this.drafts.has(draft.kind)) return draft;
    const scope = this.vault.scoped(secretPrefix(draft.kind));
    const secrets: Record<string, string | undefined> = { ...draft.secrets };
    for (const name of Object.keys(connectionKinds[draft.kind].secrets.shape)) {
      if (secrets[name]) continue;
      const kept = await scope.get(name);
      if (kept !== undefined) secrets[name] = kept;
    }
    return { ...draft, secrets };
  }

  private withSecrets(d: StoredDraft): SetupDraft {
    const secrets: Record<string, SecretStatus> = {};
    for (const name of Object.keys(connectionKinds[d.kind].secrets.shape))
      secrets[name] = { set: this.vault.has(secretPrefix(d.kind) + name) };
    return { ...d, secrets };
  }

  private persist(): Promise<void> {
    const text = JSON.stringify([...this.drafts.values()], null, 2);
    this.writing = this.writing.catch(() => undefined).then(() => writeFileAtomic(this.file, text));
    return this.writing;
  }
}

function readDrafts(file: string): StoredDraft[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed) ? parsed.filter(isStoredDraft) : [];
  } catch {
    return [];
  }
}

function isStoredDraft(value: unknown): value is StoredDraft {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Record<string, unknown>;
  return (
    typeof d.kind === 'string' &&
    Object.hasOwn(connectionKinds, d.kind) &&
    typeof d.step === 'number' &&
    Array.isArray(d.done) &&
    typeof d.name === 'string' &&
    typeof d.config === 'object' &&
    d.config !== null &&
    typeof d.updatedAt === 'string'
  );
}
