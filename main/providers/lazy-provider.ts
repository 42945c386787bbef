import type { ConnectionKind } from '../../preload/connection-kinds';
import type { IndexSource } from '../index/index-source';
import type { Uploader } from '../delivery/uploader';
import type { Provider, ProviderFactory, ProviderInput } from './provider';

/** Which optional parts the real provider has: their presence must be known before it loads. */
export interface LazyShape {
  auth: boolean;
}

/**
 * A provider whose module (and its SDK: box-node-sdk, @azure/msal-node) loads on first
 * use, not at start: the search field must not wait for code only a search needs. Loading
 * starts as soon as the provider is made (in the background), so by the time anyone
 * searches it is usually there. Methods that must answer synchronously answer from the
 * loaded provider, or say "not known yet" until it is loaded.
 */
export function lazyFactory<K extends ConnectionKind>(
  load: () => Promise<ProviderFactory<K>>,
  shape: (input: ProviderInput<K>) => LazyShape,
): ProviderFactory<K> {
  return (input) => {
    let real: Provider | undefined;
    const ready = load().then((factory) => (real = factory(input)));
    // A failed load is reported by the first call that needs it, not as an unhandled rejection.
    ready.catch(() => undefined);
    const use = async <T>(run: (provider: Provider) => Promise<T>): Promise<T> => run(await ready);
    /** An optional part of the loaded provider; a call to a part it lacks fails as a plain error. */
    const need = async <T>(pick: (provider: Provider) => T | undefined, what: string): Promise<T> => {
      const found = pick(await ready);
      if (found === undefined) throw new Error(`This connection has no ${what}.`);
      return found;
    };
    const auth = () => need((p) => p.auth, 'sign-in');

    const provider: Provider = {
      search: (text, cursor, signal) => use((p) => p.search(text, cursor, signal)),
      thumbnailSource: (itemId, signal) => use((p) => p.thumbnailSource(itemId, signal)),
      original: (itemId, signal) => use((p) => p.original(itemId, signal)),
      // Asked only for results a search returned: the module is loaded by then.
      originalUrl: (itemId) => real?.originalUrl(itemId),
      fileKey: (itemId) => real?.fileKey?.(itemId),
      test: (signal) => use((p) => p.test(signal)),
      listFolders: async (parentId, signal) => (await need((p) => p.listFolders?.bind(p), 'folder list'))(parentId, signal),
      listFolder: async (folderId, cursor, signal) =>
        (await need((p) => p.listFolder?.bind(p), 'folder browsing'))(folderId, cursor, signal),
      indexSource: () => real?.indexSource?.() ?? lazyIndexSource(ready),
      uploader: () => real?.uploader?.() ?? lazyUploader(ready),
      dispose: async () => (await ready.catch(() => undefined))?.dispose?.(),
      ...(shape(input).auth
        ? {
            auth: {
              state: async () => (await auth()).state(),
              signIn: async (signal) => (await auth()).signIn(signal),
              signOut: async () => (await auth()).signOut(),
            },
          }
        : {}),
    };
    return provider;
  };
}

/**
 * An optional part made by the provider once it has loaded: `get()` waits for it (and
 * fails plainly if the provider has none), `now()` is what is there already.
 */
function lazyPart<T>(ready: Promise<Provider>, make: (provider: Provider) => T | undefined, missing: string) {
  let loaded: T | undefined;
  void ready.then((p) => (loaded = make(p))).catch(() => undefined);
  return {
    get: async (): Promise<T> => {
      const found = loaded ?? make(await ready);
      if (found === undefined) throw new Error(missing);
      return found;
    },
    now: () => loaded,
  };
}

function lazyIndexSource(ready: Promise<Provider>): IndexSource {
  const { get: source, now: loaded } = lazyPart(ready, (p) => p.indexSource?.(), 'This connection has no name index.');
  return {
    startCursor: async (signal) => (await source()).startCursor(signal),
    crawl: async (checkpoint, onPage, signal) => (await source()).crawl(checkpoint, onPage, signal),
    follow: async (cursor, onChanges, signal) => (await source()).follow(cursor, onChanges, signal),
    poke: () => loaded()?.poke?.(),
  };
}

function lazyUploader(ready: Promise<Provider>): Uploader {
  const { get: target, now: loaded } = lazyPart(ready, (p) => p.uploader?.(), 'This connection cannot take files back.');
  return {
    get maxFileSize() {
      return loaded()?.maxFileSize;
    },
    // Checked again by the service itself at upload: an early "fine" is never the last word.
    nameProblem: (name) => loaded()?.nameProblem(name),
    preflight: async (folderId, name, file, signal) => (await target()).preflight(folderId, name, file, signal),
    upload: async (request) => (await target()).upload(request),
    probeWrite: async (folderId, signal) => (await target()).probeWrite(folderId, signal),
    folderName: async (folderId, signal) => (await target()).folderName(folderId, signal),
    discard: async (state) => (await target()).discard?.(state),
  };
}
