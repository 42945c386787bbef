import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEndpoints } from '../../../main/http/endpoints';
import type { ProviderContext } from '../../../main/providers/provider';
import type { Logger } from '../../../main/shared/logger';
import { keyFileCipher } from '../../../main/vault/keyfile-cipher';
import { Vault } from '../../../main/vault/vault';
import { startFakeBox, type FakeApp, type FakeBox, type FakeFile, type FakeUser } from '../../fakes/box';

export interface Harness {
  box: FakeBox;
  vault: Vault;
  /** Every log line any provider wrote, to check that none carries a secret. */
  logLines: string[];
  context(options: {
    secrets: Record<string, string>;
    connectionId?: string;
    openExternal?: (url: string) => Promise<void>;
  }): ProviderContext;
  close(): Promise<void>;
}

/** A fake Box plus a real vault (key-file cipher) in a temp dir, and contexts wired to both. */
export async function startHarness(): Promise<Harness> {
  const box = await startFakeBox();
  const dir = mkdtempSync(join(tmpdir(), 'skyhook-box-'));
  const vault = new Vault(join(dir, 'vault.json'), keyFileCipher(join(dir, 'vault.key')));
  const logLines: string[] = [];
  const log: Logger = {
    info: (message, fields) => logLines.push(`${message} ${JSON.stringify(fields ?? {})}`),
    warn: (message, fields) => logLines.push(`${message} ${JSON.stringify(fields ?? {})}`),
    error: (message, fields) => logLines.push(`${message} ${JSON.stringify(fields ?? {})}`),
  };
  return {
    box,
    vault,
    logLines,
    context({ secrets, connectionId = randomUUID(), openExternal }) {
      const scoped = vault.scoped(`conn/${connectionId}/`);
      const ready = Promise.all(Object.entries(secrets).map(([name, value]) => scoped.set(name, value)));
      // Secrets are written before the first read: every vault call waits for `ready`.
      const store = {
        async get(name: string) {
          await ready;
          return scoped.get(name);
        },
        async set(name: string, value: string) {
          await ready;
          return scoped.set(name, value);
        },
        async delete(name: string) {
          await ready;
          return scoped.delete(name);
        },
      };
      return {
        connectionId,
        fetch: globalThis.fetch,
        secrets: store,
        endpoints: { ...defaultEndpoints, boxApi: box.apiUrl, boxAccount: box.accountUrl, boxApp: box.appUrl },
        openExternal: openExternal ?? (() => Promise.reject(new Error('openExternal not expected'))),
        log,
      };
    },
    async close() {
      await box.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface World {
  designer: FakeUser;
  outsider: FakeUser;
  /** Files the subject can see: shared folder content plus one file shared directly. */
  visible: FakeFile[];
  /** Files the subject must not see (private, or not indexed yet). */
  hidden: FakeFile[];
}

/** Deterministic bytes per file, distinct enough to catch a mix-up. */
export function bytesFor(name: string, size = 300): Uint8Array {
  const seed = Buffer.from(name);
  return Uint8Array.from({ length: size }, (_, i) => (seed[i % seed.length]! * 31 + i) % 256);
}

/**
 * A designer's Box: a folder shared with `subjectId` holding `count` images named
 * "file-NNN.png" (enough for several pages), one image shared on its own, plus images
 * the subject must never see.
 */
export function seedWorld(box: FakeBox, subjectId: string, count = 150): World {
  const { state } = box;
  const designer = state.addUser({ name: 'Dana Designer', login: 'dana@example.com', enterpriseId: state.enterpriseId });
  const outsider = state.addUser({ name: 'Olly Outsider', login: 'olly@example.com', enterpriseId: state.enterpriseId });
  const shared = state.addFolder({ name: 'Brand', ownerId: designer.id, sharedWith: [subjectId] });
  const visible: FakeFile[] = [];
  for (let i = 0; i < count; i++) {
    const name = `file-${String(i).padStart(3, '0')}.png`;
    visible.push(state.addFile({ name, bytes: bytesFor(name), ownerId: designer.id, parentId: shared.id }));
  }
  visible.push(state.addFile({ name: 'file-single.jpg', bytes: bytesFor('single'), ownerId: designer.id, sharedWith: [subjectId] }));
  const hidden = [
    state.addFile({ name: 'file-private.png', bytes: bytesFor('private'), ownerId: designer.id }),
    state.addFile({ name: 'file-of-outsider.png', bytes: bytesFor('outsider'), ownerId: outsider.id }),
    state.addFile({ name: 'file-fresh-upload.png', bytes: bytesFor('fresh'), ownerId: designer.id, parentId: shared.id, indexed: false }),
  ];
  // Not an image: the extension filter must drop it.
  state.addFile({ name: 'file-notes.txt', bytes: bytesFor('notes'), ownerId: designer.id, parentId: shared.id });
  return { designer, outsider, visible, hidden };
}

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function never(): AbortSignal {
  return new AbortController().signal;
}

export function ccgApp(box: FakeBox, overrides: Partial<FakeApp> = {}): FakeApp {
  return box.state.addApp({ authMethod: 'ccg', clientSecret: `ccg-secret-${randomBytes(8).toString('hex')}`, ...overrides });
}
