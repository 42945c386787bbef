import { basename } from 'node:path';
import { isImageName } from '../../preload/image-types';
import type { AppInfo, PolicyInfo, SearchHit, StartupProblem } from '../../preload/contract';
import type { ConnectionRegistry } from '../connections/registry';
import { fileSize, imageDimensions, type CacheUsage, type MediaCache } from '../media/media-cache';
import type { MediaUrl } from '../media/media-route';
import { ThumbnailWarmup } from '../media/thumbnail-warmup';
import type { PanelSettings } from '../settings/settings-store';
import { createProfileHandlers, type ProfileHandlerServices } from '../profiles/profile-handlers';
import { createSetupHandlers, type SetupHandlerServices } from '../connections/setup-handlers';
import { AppError } from '../shared/app-error';
import { createIndexHandlers, searchWithIndex, type IndexHandlerServices } from '../index/index-handlers';
import type { Provider, ProviderHit } from '../providers/provider';
import type { HandlerTable } from './handler-table';
import type { PlatformPorts } from './ports';
import type { DeliveryService } from '../delivery/delivery-service';

export interface HandlerServices {
  registry: ConnectionRegistry;
  media: MediaCache;
  ports: PlatformPorts;
  problems: StartupProblem[];
  appInfo: Omit<AppInfo, 'problems' | 'canPickFolder'>;
  /** The URL an `<img>` uses for a rendition: a custom protocol in the app, a bridge path in the browser. */
  mediaUrl: MediaUrl;
  /** Connection profiles: export, import, and profiles opened from outside the window. */
  profiles: ProfileHandlerServices;
  /** What the IT policy set, once it has been applied at start. */
  policy?: () => PolicyInfo | undefined;
  /** Recent searches and the cache cap, from the settings store. */
  settings: PanelSettings;
  /** The wizards: testing and saving drafts, signing in before saving, setup drafts. */
  setup: SetupHandlerServices;
  /** The local name index (issue #12); without it every search goes to the provider. */
  index?: IndexHandlerServices;
  /** Files dropped on Skyhook, uploaded back into a connection (issue #16). */
  delivery: DeliveryService;
}

/** One handler per contract channel: the only code the renderer can reach. */
export function createHandlers(s: HandlerServices): HandlerTable {
  const requireEnabled = (connectionId: string) => {
    const record = s.registry.record(connectionId);
    if (!record.enabled) throw new AppError({ code: 'connection_disabled', message: `${record.name} is turned off.` });
    return record;
  };
  const { settings } = s;
  /** The original on disk (downloaded into the cache, or in place for local folders). */
  const originalOf = (connectionId: string, itemId: string, signal: AbortSignal) =>
    s.media.original(connectionId, itemId, s.registry.provider(connectionId), signal);
  const withFileKey = (fileKey: string | undefined) => (fileKey ? { fileKey } : {});
  /** Provider hits as the renderer gets them: image names only, keyed, with media URLs. */
  const toSearchHits = (connectionId: string, provider: Provider, found: readonly ProviderHit[]): SearchHit[] =>
    found
      .filter((hit) => isImageName(hit.name))
      .map(({ id, ...hit }) => ({
        ...hit,
        ...(hit.fileKey ? {} : withFileKey(provider.fileKey?.(id))),
        key: `${connectionId}/${id}`,
        connectionId,
        itemId: id,
        thumbnailUrl: s.mediaUrl('thumb', connectionId, id),
        previewUrl: s.mediaUrl('preview', connectionId, id),
        canOpenOriginal: provider.originalUrl(id) !== undefined,
      }));
  const warmup = new ThumbnailWarmup(s.media);
  const megabyte = 1024 * 1024;
  const cacheInfo = (usage: CacheUsage) => ({
    usedBytes: usage.usedBytes,
    files: usage.files,
    limitMb: Math.round(usage.limitBytes / megabyte),
  });
  void s.media.setLimit(settings.get('cacheLimitMb') * megabyte);

  return {
    'app.info': async () => {
      const policy = s.policy?.();
      return { ...s.appInfo, canPickFolder: s.ports.pickFolder !== undefined, problems: s.problems, ...(policy ? { policy } : {}) };
    },
    'app.dismissProblem': async ({ code }) => {
      const index = s.problems.findIndex((p) => p.code === code);
      if (index >= 0) s.problems.splice(index, 1);
      return null;
    },
    'connections.list': () => s.registry.list(),
    'connections.rename': ({ id, name }) => s.registry.rename(id, name),
    'connections.setEnabled': ({ id, enabled }) => s.registry.setEnabled(id, enabled),
    'connections.remove': async ({ id }) => {
      await s.registry.remove(id);
      return null;
    },
    'connections.signIn': ({ id }, signal) => s.registry.signIn(id, signal),
    'connections.signOut': ({ id }) => s.registry.signOut(id),
    'search.connection': async ({ connectionId, text, cursor }, signal) => {
      requireEnabled(connectionId);
      const provider = s.registry.provider(connectionId);
      const firstPage = cursor === undefined;
      if (firstPage) warmup.supersede(connectionId);
      const live = (next: string | undefined) => provider.search(text, next, signal);
      // The home screen (an empty query) too: a complete index lists the newest items without the provider.
      const found = s.index
        ? await searchWithIndex(s.index, { id: connectionId, kind: s.registry.record(connectionId).kind }, text, cursor, live)
        : await live(cursor);
      const page = s.delivery.withRecent(connectionId, text, cursor, found);
      const hits = toSearchHits(connectionId, provider, page.hits);
      if (firstPage && !signal.aborted)
        warmup.start(
          connectionId,
          provider,
          hits.map((hit) => hit.itemId),
        );
      return {
        hits,
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        ...(page.total !== undefined ? { total: page.total } : {}),
        ...(page.totalAtLeast ? { totalAtLeast: true } : {}),
        ...(page.notListed ? { notListed: true } : {}),
      };
    },
    'item.prefetch': async ({ connectionId, itemId }, signal) => {
      requireEnabled(connectionId);
      const provider = s.registry.provider(connectionId);
      // The drag icon comes from the thumbnail; fetch both so the drag can start at once.
      const [path] = await Promise.all([
        s.media.original(connectionId, itemId, provider, signal),
        s.media.thumbnail(connectionId, itemId, provider, signal).catch(() => undefined),
      ]);
      return { ready: true, name: basename(path), size: await fileSize(path), ...(await imageDimensions(path)) };
    },
    'search.recent': async () => settings.get('recentSearches'),
    'search.setRecent': async ({ items }) => {
      settings.set('recentSearches', items);
      return items;
    },
    'panel.prefs': async () => ({ dragHintDismissed: settings.get('dragHintDismissed') }),
    'panel.dismissHint': async () => {
      settings.set('dragHintDismissed', true);
      return { dragHintDismissed: true };
    },
    'media.cacheInfo': async () => ({
      ...cacheInfo(await s.media.usage()),
      ...(s.index ? { indexBytes: await s.index.service.diskBytes() } : {}),
    }),
    'media.setCacheLimit': async ({ limitMb }) => {
      if (s.policy?.()?.cacheLimitMb !== undefined) {
        throw new AppError({
          code: 'policy_locked',
          message: 'Your organisation sets the cache size on this computer.',
          fix: 'Ask your IT team to change it in the Skyhook policy.',
        });
      }
      settings.set('cacheLimitMb', limitMb);
      return cacheInfo(await s.media.setLimit(limitMb * megabyte));
    },
    'media.clearCache': async () => cacheInfo(await s.media.clear()),
    'item.openOriginal': async ({ connectionId, itemId }) => {
      const url = s.registry.provider(connectionId).originalUrl(itemId);
      if (!url)
        throw new AppError({ code: 'no_original_url', message: 'This file has no web page to open; use "Show in folder" instead.' });
      await s.ports.openExternal(url);
      return null;
    },
    'item.reveal': async ({ connectionId, itemId }, signal) => {
      const path = await originalOf(connectionId, itemId, signal);
      await s.ports.revealFile(path);
      return null;
    },
    'item.saveAs': async ({ connectionId, itemId }, signal) => {
      const path = await originalOf(connectionId, itemId, signal);
      return s.ports.saveCopy(path, basename(path));
    },
    'item.copyImage': async ({ connectionId, itemId }, signal) => {
      const path = await originalOf(connectionId, itemId, signal);
      await s.ports.copyImage(path);
      return null;
    },
    'connections.listFolders': async ({ id, parentId }, signal) => {
      const provider = s.registry.provider(id);
      if (!provider.listFolders) throw new AppError({ code: 'no_folders', message: 'This connection has no folders to pick from.' });
      const folders = await provider.listFolders(parentId, signal);
      return folders.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }));
    },
    'connections.browse': async ({ id, folderId, cursor }, signal) => {
      requireEnabled(id);
      const provider = s.registry.provider(id);
      if (!provider.listFolder)
        throw new AppError({ code: 'no_folders', message: 'This connection cannot be browsed; search it instead.' });
      const listing = await provider.listFolder(folderId, cursor, signal);
      return {
        folders: listing.folders,
        hits: toSearchHits(id, provider, listing.hits),
        ...(listing.nextCursor ? { nextCursor: listing.nextCursor } : {}),
      };
    },
    'box.inspectConfigFile': async ({ text }) => {
      // Loaded on use: it brings the Box SDK, which start does not need.
      const { parseBoxConfigJson } = await import('../providers/box/jwt-config-file');
      const { config, found } = parseBoxConfigJson(text);
      return { config: { clientId: config.clientId, publicKeyId: config.publicKeyId, enterpriseId: config.enterpriseId }, found };
    },
    'dialog.pickFolder': async () => (s.ports.pickFolder ? s.ports.pickFolder() : null),
    'dialog.pickFiles': async () => (s.ports.pickFiles ? s.ports.pickFiles() : null),
    ...createProfileHandlers(s.profiles),
    ...createSetupHandlers(s.setup),
    ...createIndexHandlers(s.index),
    ...s.delivery.handlers(),
  };
}
