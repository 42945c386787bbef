import { existsSync } from 'node:fs';
import { connectionKinds } from '../../preload/connection-kinds';
import { requiredSecrets, secretLabel } from '../../preload/connection-drafts';
import type { ConnectionSummary, ProfileExport, ProfilePreview } from '../../preload/contract';
import type { ConnectionRegistry } from '../connections/registry';
import { AppError } from '../shared/app-error';
import type { ConnectionRecord } from '../settings/settings-store';
import { describeConnection } from './describe';
import {
  parseProfileText,
  parseProfileValue,
  profileFormat,
  profileVersion,
  type ParsedProfile,
  type ProfileConnection,
} from './profile-format';
import { profileFileName, profileLink, profileTextFrom } from './profile-source';
import { defaultScrypt, sealSecrets, unsealSecrets, type ScryptCost } from './seal';
import { approveSecretExport } from './secret-export';
import type { Confirmation } from '../ipc/ports';

export interface ProfileServiceDeps {
  registry: ConnectionRegistry;
  appVersion: string;
  now?: () => Date;
  /** Tests lower the scrypt cost; the app always uses the default. */
  scryptCost?: ScryptCost;
  folderExists?: (path: string) => boolean;
  /** The platform's confirmation (PlatformPorts.confirm); exporting secrets needs a yes. */
  confirm?: (question: Confirmation) => Promise<boolean>;
}

export type ConflictChoice = 'replace' | 'keep-both';

/** Export, preview and import of `.skyhook` connection profiles. */
export class ProfileService {
  constructor(private readonly deps: ProfileServiceDeps) {}

  /**
   * A profile of one connection's settings. Secrets are left out unless a passphrase is
   * given; then every saved app secret is sealed with it. Tokens are never exported.
   */
  async export(id: string, passphrase?: string): Promise<ProfileExport> {
    const record = this.deps.registry.record(id);
    const connection = { kind: record.kind, name: record.name, config: connectionKinds[record.kind].config.parse(record.config) };
    const document: Record<string, unknown> = {
      format: profileFormat,
      version: profileVersion,
      exportedAt: (this.deps.now?.() ?? new Date()).toISOString(),
      exportedBy: `Skyhook ${this.deps.appVersion}`,
      connection,
    };
    let sealed: string[] = [];
    if (passphrase !== undefined) {
      const secrets = await this.deps.registry.secretsOf(id);
      if (Object.keys(secrets).length === 0) {
        throw new AppError({
          code: 'nothing_to_seal',
          message: `${record.name} has no saved secrets to include.`,
          fix: 'Export it without a passphrase.',
        });
      }
      sealed = Object.keys(secrets).map((name) => secretLabel(record.kind, name));
      await approveSecretExport(record, sealed, this.deps.confirm);
      document.sealed = await sealSecrets(document, secrets, passphrase, this.deps.scryptCost ?? defaultScrypt);
    }
    // What we hand out must be what we accept back.
    parseProfileValue(document);
    const text = `${JSON.stringify(document, null, 2)}\n`;
    return { fileName: profileFileName(record.name), text, link: profileLink(JSON.stringify(document)), sealed };
  }

  async preview(source: string): Promise<ProfilePreview> {
    this.deps.registry.assertCanAdd();
    const { document } = this.read(source);
    const connection = document.connection;
    const sealed = document.sealed?.fields ?? [];
    const conflict = this.conflictFor(connection);
    return {
      kind: connection.kind,
      name: connection.name,
      details: describeConnection(connection),
      sealed: sealed.map((name) => secretLabel(connection.kind, name)),
      missing: requiredSecrets(connection.kind)
        .filter((name) => !sealed.includes(name))
        .map((name) => secretLabel(connection.kind, name)),
      signInNeeded: connectionKinds[connection.kind].perUser,
      warnings: this.warningsFor(connection),
      ...(conflict
        ? { conflict: { id: conflict.record.id, name: conflict.record.name, reason: conflict.reason, managed: conflict.record.managed } }
        : {}),
      keepBothName: this.uniqueName(connection.name),
      ...(document.exportedAt ? { exportedAt: document.exportedAt } : {}),
    };
  }

  /**
   * Adds the profile's connection. Sealed secrets are opened first, so a wrong passphrase
   * or a changed byte stops the import before anything is written.
   */
  async import(source: string, passphrase: string | undefined, choice: ConflictChoice | undefined): Promise<ConnectionSummary> {
    this.deps.registry.assertCanAdd();
    const { document, raw } = this.read(source);
    let secrets: Record<string, string> = {};
    if (document.sealed) {
      if (!passphrase) {
        throw new AppError({
          code: 'passphrase_required',
          message: 'This profile includes sealed secrets: enter the passphrase you were given with it.',
          fix: 'Whoever shared the profile should send the passphrase separately (by phone or another chat).',
        });
      }
      secrets = await unsealSecrets(raw, document.sealed, passphrase);
    }
    const connection = document.connection;
    const conflict = this.conflictFor(connection);
    if (conflict && !choice) {
      throw new AppError({
        code: 'profile_conflict',
        message: `You already have a connection ${conflict.reason === 'name' ? `named ${conflict.record.name}` : `to the same app (${conflict.record.name})`}.`,
        fix: 'Choose "Replace" to swap it for the imported one, or "Keep both".',
      });
    }
    const replaceId = conflict && choice === 'replace' ? conflict.record.id : undefined;
    const name = this.uniqueName(connection.name, replaceId);
    return this.deps.registry.adopt({
      kind: connection.kind,
      name,
      config: connection.config,
      secrets,
      ...(replaceId ? { replaceId } : {}),
    });
  }

  private read(source: string): ParsedProfile {
    return parseProfileText(profileTextFrom(source));
  }

  /** The same app (kind + client ID, or the same folder) first, then the same name. */
  private conflictFor(connection: ProfileConnection): { record: ConnectionRecord; reason: 'name' | 'app' } | undefined {
    const records = this.deps.registry.records();
    const identity = appIdentity(connection.kind, connection.config);
    const sameApp = records.find((r) => r.kind === connection.kind && appIdentity(r.kind, r.config) === identity);
    if (sameApp) return { record: sameApp, reason: 'app' };
    const sameName = records.find((r) => namesMatch(r.name, connection.name));
    return sameName ? { record: sameName, reason: 'name' } : undefined;
  }

  /** `Name`, or `Name (2)`, `Name (3)`… when another connection (other than `ignoreId`) has it. */
  private uniqueName(name: string, ignoreId?: string): string {
    const taken = this.deps.registry
      .records()
      .filter((r) => r.id !== ignoreId)
      .map((r) => r.name);
    if (!taken.some((t) => namesMatch(t, name))) return name;
    const base = name.replace(/ \(\d+\)$/, '');
    for (let n = 2; ; n++) {
      const suffix = ` (${n})`;
      const candidate = base.slice(0, 80 - suffix.length) + suffix;
      if (!taken.some((t) => namesMatch(t, candidate))) return candidate;
    }
  }

  private warningsFor(connection: ProfileConnection): string[] {
    const exists = this.deps.folderExists ?? existsSync;
    if (connection.kind === 'local' && !exists(connection.config.folder)) {
      return [
        `The folder ${connection.config.folder} does not exist on this computer, so this connection will find nothing until it does.`,
      ];
    }
    return [];
  }
}

const namesMatch = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** What makes two connections "the same app": its client ID, or a local folder's path. */
function appIdentity(kind: string, config: Record<string, unknown>): string {
  const key = kind === 'local' ? config.folder : config.clientId;
  return `${kind}:${String(key ?? '')
    .trim()
    .toLowerCase()}`;
}
