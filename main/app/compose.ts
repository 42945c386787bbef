import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo, DragInput, PolicyInfo, StartupProblem } from '../../preload/contract';
import { HealthBook } from '../connections/connection-health';
import { ConnectionRegistry } from '../connections/registry';
import { retireSamples, withSamplesRetired } from './samples';
import { DeliveryService } from '../delivery/delivery-service';
import { SetupDraftStore } from '../connections/setup-drafts';
import type { Endpoints } from '../http/endpoints';
import { syncIndex, withIndexSync, type IndexHandlerServices } from '../index/index-handlers';
import { NameIndexService } from '../index/name-index-service';
import { EventHub } from '../ipc/event-hub';
import type { HandlerTable } from '../ipc/handler-table';
import { createHandlers } from '../ipc/handlers';
import type { PlatformPorts } from '../ipc/ports';
import { dragPlanner, type DragPlan } from '../media/drag-plan';
import { MediaCache } from '../media/media-cache';
import type { MediaUrl } from '../media/media-route';
import { ImportQueue } from '../profiles/import-queue';
import { applyPolicy, loadPolicy, type PolicySource } from '../profiles/policy';
import { ProfileService } from '../profiles/profile-service';
import { connectionWarnings } from '../providers/factories';
import type { ProviderFactories } from '../providers/provider';
import type { Logger } from '../shared/logger';
import { openSettings } from '../settings/settings-store';
import type { SecretCipher } from '../vault/secret-cipher';
import { undecryptableProblem } from '../vault/undecryptable';
import { Vault } from '../vault/vault';
import { cleanCrashLeftovers } from './crash-leftovers';
import { keptAsidePath } from '../shared/kept-aside';

export interface CompositionInput {
  dataDir: string;
  cacheDir: string;
  samplesDir: string;
  cipher: SecretCipher;
  /** Shown when secrets are not protected by the OS (Linux basic_text, the dev key file). */
  cipherWarning?: string;
  ports: PlatformPorts;
  fetch: typeof fetch;
  endpoints: Endpoints;
  factories: ProviderFactories;
  log: Logger;
  appInfo: Pick<AppInfo, 'version' | 'platform' | 'bridge' | 'updates'>;
  mediaUrl: MediaUrl;
  now?: () => Date;
  /** The IT policy file (SKYHOOK_POLICY_FILE or the OS's well-known path) and its keychain. */
  policy?: PolicySource;
}

export interface Composition {
  handlers: HandlerTable;
  registry: ConnectionRegistry;
  media: MediaCache;
  /** Main → renderer events; each transport subscribes its windows. */
  events: EventHub;
  problems: StartupProblem[];
  /** Profiles opened from outside the window (files, skyhook:// links, the command line). */
  imports: ImportQueue;
  /** Settles once the IT policy is applied; serve IPC only after it. */
  ready: Promise<void>;
  /** The local name index; stopped by close(). */
  nameIndex: NameIndexService;
  /** What a drag carries (drag-plan.ts); results left behind are reported to the page. */
  planDrag(input: DragInput): DragPlan;
  close(): Promise<void>;
}

/**
 * Builds every main-process service from its ports. The Electron app and the headless
 * bridge both call this, so what the tests exercise is what the app runs.
 */
export function compose(input: CompositionInput): Composition {
  const now = input.now ?? (() => new Date());
  // The caller holds the data-folder lock (data-dir-lock.ts): no other instance is mid-save.
  const leftovers = cleanCrashLeftovers(input.dataDir);
  if (leftovers > 0) input.log.info('removed temporary files left by a crash', { count: leftovers });
  const { store: settings, problems } = openSettings(input.dataDir, now);
  const vault = openVault(join(input.dataDir, 'vault.json'), input.cipher, problems, now);
  const events = new EventHub();
  // Every change to the saved connections (the UI's, an imported profile's, the IT policy's)
  // reaches open windows, so no page has to poll the list.
  settings.onDidChange('connections', () => events.emit('connections.changed', {}));
  // Names of every connection, kept on this computer (issue #12); started once `ready`.
  const nameIndex = new NameIndexService({
    root: join(input.dataDir, 'index'),
    events,
    log: input.log,
    onProblem: (_id, message) => problems.push({ code: 'index_rebuilt', message }),
  });
  const media = new MediaCache(input.cacheDir, {
    onDownload: (update) => events.emit('download.progress', update),
    onRejected: (connectionId, itemId, reason) =>
      input.log.warn('download failed its check and was discarded', { connectionId, itemId, reason }),
  });
  const registry = new ConnectionRegistry({
    settings,
    vault,
    factories: input.factories,
    endpoints: input.endpoints,
    fetch: input.fetch,
    openExternal: input.ports.openExternal,
    log: input.log,
    health: new HealthBook(join(input.dataDir, 'connection-health.json'), now),
    onForget: async (id) => {
      await media.forgetConnection(id);
      await nameIndex.forget(id);
    },
    warningsFor: (record) => connectionWarnings(record.kind, record.config, now()),
  });
  seedSamples(settings.get('samplesSeeded'), input.samplesDir, registry, () => settings.set('samplesSeeded', true));
  const unreadable = undecryptableProblem(vault.undecryptable(), registry.records());
  if (unreadable) problems.push(unreadable);
  const pruned = registry.pruneOrphanSecrets().then((count) => {
    if (count > 0) input.log.info('removed secrets of connections that no longer exist', { count });
  });

  const imports = new ImportQueue();
  const profiles = new ProfileService({ registry, appVersion: input.appInfo.version, now, confirm: input.ports.confirm });
  let policy: PolicyInfo | undefined;
  const ready = Promise.all([pruned, input.policy ? startPolicy(input.policy) : undefined]).then(() => undefined);
  async function startPolicy(source: PolicySource): Promise<void> {
    policy = await applyPolicy(await loadPolicy(source), source.file, { registry, settings, problems, log: input.log });
    if (policy?.cacheLimitMb !== undefined) await media.setLimit(policy.cacheLimitMb * 1024 * 1024);
  }

  const index: IndexHandlerServices = { service: nameIndex, registry, settings, policy: () => policy };
  const delivery = new DeliveryService({
    dataDir: input.dataDir,
    registry,
    events,
    log: input.log,
    allowed: () => policy?.allowDelivery !== false,
  });
  // Uploads a previous run left unfinished carry on once the policy is known.
  void ready.then(() => delivery.start());
  // In the background: searching never waits for an index to load or crawl.
  void ready.then(() => syncIndex(index));
  const samples = { registry, settings, samplesDir: input.samplesDir };
  // A policy may have brought the first cloud connection.
  void ready.then(() => retireSamples(samples));
  const handlers = withSamplesRetired(
    withIndexSync(
      createHandlers({
        index,
        registry,
        settings,
        profiles: { service: profiles, imports },
        setup: {
          registry,
          drafts: new SetupDraftStore(join(input.dataDir, 'setup-drafts.json'), vault, now),
          openExternal: input.ports.openExternal,
        },
        policy: () => policy,
        media,
        ports: input.ports,
        problems,
        appInfo: {
          ...input.appInfo,
          secretStorage: {
            backend: input.cipher.backend,
            strong: input.cipher.strong,
            ...(input.cipherWarning ? { warning: input.cipherWarning } : {}),
          },
        },
        mediaUrl: input.mediaUrl,
        delivery,
      }),
      index,
    ),
    samples,
  );
  const close = async () => {
    await delivery.close();
    await nameIndex.stop();
    await registry.dispose();
  };
  return { handlers, registry, media, events, problems, imports, ready, nameIndex, planDrag: dragPlanner(media, events), close };
}

/** A fresh install gets a "Samples" connection so search and drag work at once. */
function seedSamples(seeded: boolean, samplesDir: string, registry: ConnectionRegistry, markSeeded: () => void): void {
  if (seeded) return;
  if (existsSync(samplesDir)) {
    registry.add({ kind: 'local', name: 'Samples', enabled: true, managed: false, config: { folder: samplesDir } });
  }
  markSeeded();
}

/** Like settings, an unreadable vault is kept aside and reported rather than overwritten. */
function openVault(file: string, cipher: SecretCipher, problems: StartupProblem[], now: () => Date): Vault {
  try {
    return new Vault(file, cipher);
  } catch {
    const aside = keptAsidePath(file, now());
    renameSync(file, aside);
    problems.push({
      code: 'vault_corrupt',
      message: `Your saved secrets could not be read, so connections that need them will ask for them again. The old file was kept as ${aside}.`,
      fix: 'Enter the client secrets again and sign in again where asked.',
    });
    return new Vault(file, cipher);
  }
}
