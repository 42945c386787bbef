import type { ConnectionHealth } from '../../preload/contract';
import type { SecretStore } from '../vault/vault';

/** What a provider wrote (tokens, the account) while signing in with a draft; undefined = deleted. */
export type SecretWrites = Map<string, string | undefined>;

/** A store that passes everything to `base` and remembers what was written to it. */
export function recordingStore(base: SecretStore): { store: SecretStore; writes: SecretWrites } {
  const writes: SecretWrites = new Map();
  return {
    writes,
    store: {
      get: (name) => base.get(name),
      async set(name, value) {
        writes.set(name, value);
        await base.set(name, value);
      },
      async delete(name) {
        writes.set(name, undefined);
        await base.delete(name);
      },
    },
  };
}

interface PendingSignIn {
  kind: string;
  /** The settings signed in with: tokens of one app are useless to another. */
  config: string;
  writes: SecretWrites;
  health: ConnectionHealth;
  expires: number;
}

/** Sign-ins are only kept for a while: a wizard left open overnight signs in again. */
const keepMs = 60 * 60_000;

/**
 * Sign-ins made from the wizard before saving, held in memory until the draft is saved
 * with the same settings. Nothing reaches the vault until then.
 */
export class PendingSignIns {
  private readonly entries = new Map<string, PendingSignIn>();

  constructor(private readonly now: () => number = Date.now) {}

  has(id: string): boolean {
    return this.live(id) !== undefined;
  }

  put(id: string, entry: Omit<PendingSignIn, 'expires'>): void {
    this.entries.set(id, { ...entry, expires: this.now() + keepMs });
  }

  /** The sign-in kept for `id`, if it was made with exactly this kind and these settings. */
  take(id: string, kind: string, config: string): Omit<PendingSignIn, 'expires'> | undefined {
    const entry = this.live(id);
    this.entries.delete(id);
    return entry && entry.kind === kind && entry.config === config ? entry : undefined;
  }

  private live(id: string): PendingSignIn | undefined {
    const entry = this.entries.get(id);
    if (entry && entry.expires < this.now()) this.entries.delete(id);
    return this.entries.get(id);
  }
}
