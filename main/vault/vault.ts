import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../shared/atomic-file';
import type { SecretCipher } from './secret-cipher';

/**
 * Secrets at rest: one JSON file of ciphertexts, keyed by name. The facade is three
 * functions (get/set/delete) so nothing else depends on how secrets are stored.
 * Writes are serialised and atomic, so two concurrent `set`s never lose one another.
 */
export interface SecretStore {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

export class Vault implements SecretStore {
  private entries: Record<string, string>;
  private queue: Promise<void> = Promise.resolve();
  /**
   * Entries the cipher cannot open (the OS keychain changed, the key file went missing or
   * was replaced). They are kept — the old key may come back — but count as not set, so
   * the connection asks for its secret again instead of sending garbage to the service.
   */
  private readonly sealedAway = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
  ) {
    this.entries = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
    for (const [name, entry] of Object.entries(this.entries)) {
      try {
        cipher.decrypt(Buffer.from(entry, 'base64'));
      } catch {
        this.sealedAway.add(name);
      }
    }
  }

  /** Names of the entries that could not be decrypted when the vault was opened. */
  undecryptable(): string[] {
    return [...this.sealedAway];
  }

  /** Every entry name, readable or not. */
  names(): string[] {
    return Object.keys(this.entries);
  }

  get cipherInfo(): Pick<SecretCipher, 'backend' | 'strong'> {
    return { backend: this.cipher.backend, strong: this.cipher.strong };
  }

  async get(name: string): Promise<string | undefined> {
    await this.queue;
    const entry = this.entries[name];
    return entry === undefined || this.sealedAway.has(name) ? undefined : this.cipher.decrypt(Buffer.from(entry, 'base64'));
  }

  has(name: string): boolean {
    return name in this.entries && !this.sealedAway.has(name);
  }

  set(name: string, value: string): Promise<void> {
    return this.mutate((entries) => ({ ...entries, [name]: this.cipher.encrypt(value).toString('base64') }));
  }

  delete(name: string): Promise<void> {
    return this.mutate((entries) => without(entries, (key) => key === name));
  }

  /** Deletes every entry under a prefix (a removed connection's secrets and tokens). */
  deletePrefix(prefix: string): Promise<void> {
    return this.deleteWhere((key) => key.startsWith(prefix));
  }

  /** Deletes every entry whose name `drop` picks (orphans of connections that are gone). */
  deleteWhere(drop: (name: string) => boolean): Promise<void> {
    return this.mutate((entries) => without(entries, drop));
  }

  /** A view of the vault under `prefix`, handed to one connection's provider. */
  scoped(prefix: string): SecretStore {
    return {
      get: (name) => this.get(prefix + name),
      set: (name, value) => this.set(prefix + name, value),
      delete: (name) => this.delete(prefix + name),
    };
  }

  private mutate(change: (entries: Record<string, string>) => Record<string, string>): Promise<void> {
    const run = this.queue.then(async () => {
      const next = change(this.entries);
      await writeFileAtomic(this.file, JSON.stringify(next, null, 1));
      for (const name of this.sealedAway) if (next[name] !== this.entries[name]) this.sealedAway.delete(name);
      this.entries = next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

const without = (entries: Record<string, string>, drop: (key: string) => boolean): Record<string, string> =>
  Object.fromEntries(Object.entries(entries).filter(([key]) => !drop(key)));

/** An in-memory overlay used to test a draft without touching the saved secrets. */
export function overlayStore(base: SecretStore, prefixOverrides: Record<string, string>): SecretStore {
  const local = new Map(Object.entries(prefixOverrides));
  const removed = new Set<string>();
  return {
    async get(name) {
      if (removed.has(name)) return undefined;
      return local.has(name) ? local.get(name) : base.get(name);
    },
    async set(name, value) {
      removed.delete(name);
      local.set(name, value);
    },
    async delete(name) {
      local.delete(name);
      removed.add(name);
    },
  };
}
