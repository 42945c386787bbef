import { describe, expect, it, vi } from 'vitest';
import type { AppErrorShape, SearchHit, SearchPageResult } from '../../../../../preload/contract';
import { FederatedSearch, quietMs, staleMs, type SearchTarget } from '../../../../../renderer/src/search/federated-search';

interface PendingCall {
  connectionId: string;
  text: string;
  cursor: string | undefined;
  signal: AbortSignal;
  resolve(page: SearchPageResult): void;
  reject(error: unknown): void;
}

class Failure extends Error {
  constructor(readonly shape: AppErrorShape) {
    super(shape.message);
  }
}

/** A search engine whose every request waits until the test answers it, in any order. */
function setup() {
  const calls: PendingCall[] = [];
  const engine = new FederatedSearch({
    searchPage: (connectionId, text, cursor, signal) =>
      new Promise<SearchPageResult>((resolve, reject) => calls.push({ connectionId, text, cursor, signal, resolve, reject })),
    isCancelled: (error) => error instanceof DOMException && error.name === 'AbortError',
    toError: (error) => (error instanceof Failure ? error.shape : { code: 'internal', message: 'boom' }),
  });
  const find = (connectionId: string, text: string, cursor?: string) => {
    const found = calls.find((c) => c.connectionId === connectionId && c.text === text && c.cursor === cursor);
    if (!found) throw new Error(`no call for ${connectionId} "${text}" ${cursor ?? ''}`);
    return found;
  };
  return { engine, calls, find };
}

const hit = (connectionId: string, name: string): SearchHit => ({
  key: `${connectionId}/${name}`,
  connectionId,
  itemId: name,
  name,
  thumbnailUrl: `/media/thumb/${connectionId}/${name}`,
  canOpenOriginal: false,
});
const page = (connectionId: string, names: string[], more?: { nextCursor?: string; total?: number }): SearchPageResult => ({
  hits: names.map((n) => hit(connectionId, n)),
  ...more,
});
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const names = (engine: FederatedSearch) => engine.getSnapshot().hits.map((h) => h.name);

const fast: SearchTarget = { id: 'fast', auth: 'not-needed' };
const slow: SearchTarget = { id: 'slow', auth: 'not-needed' };
const broken: SearchTarget = { id: 'broken', auth: 'not-needed' };

describe('FederatedSearch', () => {
  it('shows each connection as soon as it answers, without waiting for the slow one', async () => {
    const { engine, find } = setup();
    engine.update('sun', [slow, fast]);
    expect(engine.getSnapshot().statuses).toEqual({ slow: { status: 'searching' }, fast: { status: 'searching' } });

    find('fast', 'sun').resolve(page('fast', ['sunrise.png', 'sunset.jpg']));
    await flush();
    expect(names(engine)).toEqual(['sunrise.png', 'sunset.jpg']);
    expect(engine.getSnapshot().statuses.slow).toEqual({ status: 'searching' });

    find('slow', 'sun').resolve(page('slow', ['sunflower.webp'], { total: 1 }));
    await flush();
    // Arrival order: what was on screen does not move when the slow connection lands.
    expect(names(engine)).toEqual(['sunrise.png', 'sunset.jpg', 'sunflower.webp']);
    expect(engine.getSnapshot().statuses.slow).toEqual({ status: 'done', count: 1, total: 1, loadingMore: false });
  });

  it('keeps the other connections when one fails, and reports its error with the fix', async () => {
    const { engine, find } = setup();
    engine.update('logo', [broken, fast]);
    const error = { code: 'folder_missing', message: 'The folder /gone does not exist.', fix: 'Reconnect the drive.' };
    find('broken', 'logo').reject(new Failure(error));
    find('fast', 'logo').resolve(page('fast', ['logo.svg']));
    await flush();
    expect(engine.getSnapshot().statuses.broken).toEqual({ status: 'error', error });
    expect(names(engine)).toEqual(['logo.svg']);
  });

  it('turns a needs_sign_in error into the sign-in state and does not search a signed-out connection', async () => {
    const { engine, find, calls } = setup();
    engine.update('a', [
      { id: 'box', auth: 'not-needed' },
      { id: 'drive', auth: 'needs-sign-in' },
    ]);
    expect(calls.map((c) => c.connectionId)).toEqual(['box']);
    find('box', 'a').reject(new Failure({ code: 'needs_sign_in', message: 'Sign in again.' }));
    await flush();
    expect(engine.getSnapshot().statuses).toEqual({ box: { status: 'needs-sign-in' }, drive: { status: 'needs-sign-in' } });

    // Signing in changes the connection's auth state: only that one is searched again.
    engine.update('a', [
      { id: 'box', auth: 'not-needed' },
      { id: 'drive', auth: 'signed-in' },
    ]);
    expect(calls.map((c) => c.connectionId)).toEqual(['box', 'drive']);
  });

  it('aborts every request of a superseded query and never shows its late answers', async () => {
    const { engine, find } = setup();
    engine.update('aur', [fast, slow]);
    const stale = [find('fast', 'aur'), find('slow', 'aur')];
    engine.update('aurora', [fast, slow]);
    expect(stale.map((c) => c.signal.aborted)).toEqual([true, true]);

    // The old answers arrive anyway (a provider that ignores the abort): they are dropped.
    stale[0]?.resolve(page('fast', ['aurora-OLD.png']));
    stale[1]?.reject(new Failure({ code: 'internal', message: 'late failure' }));
    find('fast', 'aurora').resolve(page('fast', ['aurora-waves.jpg']));
    await flush();
    expect(names(engine)).toEqual(['aurora-waves.jpg']);
    expect(engine.getSnapshot().statuses.slow).toEqual({ status: 'searching' });
    expect(find('slow', 'aurora').signal.aborted).toBe(false);
  });

  it('leaving a connection out drops its results and cancels it without searching the others again', async () => {
    const { engine, find, calls } = setup();
    engine.update('x', [fast, slow]);
    find('fast', 'x').resolve(page('fast', ['x1.png']));
    await flush();
    const slowCall = find('slow', 'x');
    engine.update('x', [fast]);
    expect(slowCall.signal.aborted).toBe(true);
    expect(calls).toHaveLength(2);
    expect(Object.keys(engine.getSnapshot().statuses)).toEqual(['fast']);

    engine.update('x', [fast, slow]);
    expect(calls).toHaveLength(3);
    find('slow', 'x');
    expect(names(engine)).toEqual(['x1.png']);
  });

  it('appends later pages in arrival order, shows a repeated item once, and stops when there is no cursor', async () => {
    const { engine, find } = setup();
    engine.update('p', [fast, slow]);
    find('fast', 'p').resolve(page('fast', ['a1', 'a2'], { nextCursor: '2', total: 4 }));
    find('slow', 'p').resolve(page('slow', ['b1'], { nextCursor: 'n1' }));
    await flush();
    engine.loadMore();
    expect(engine.getSnapshot().statuses.fast).toMatchObject({ loadingMore: true });
    find('slow', 'p', 'n1').resolve(page('slow', ['b2']));
    find('fast', 'p', '2').resolve(page('fast', ['a2', 'a3', 'a4'], { total: 4 }));
    await flush();
    expect(names(engine)).toEqual(['a1', 'a2', 'b1', 'b2', 'a3', 'a4']);
    expect(engine.getSnapshot().statuses.fast).toEqual({ status: 'done', count: 5, total: 4, loadingMore: false });
    const before = engine.getSnapshot();
    engine.loadMore();
    expect(engine.getSnapshot()).toBe(before);
  });

  it('keeps the first page when a later page fails, and retries just that page', async () => {
    const { engine, find } = setup();
    engine.update('q', [fast]);
    find('fast', 'q').resolve(page('fast', ['q1'], { nextCursor: 'c2' }));
    await flush();
    engine.loadMore('fast');
    find('fast', 'q', 'c2').reject(new Failure({ code: 'rate_limited', message: 'Too many requests.' }));
    await flush();
    expect(names(engine)).toEqual(['q1']);
    expect(engine.getSnapshot().statuses.fast).toMatchObject({ status: 'done', nextCursor: 'c2', pageError: { code: 'rate_limited' } });

    engine.loadMore('fast');
    const again = engine.getSnapshot().statuses.fast;
    expect(again).toMatchObject({ loadingMore: true });
    expect(again && 'pageError' in again ? again.pageError : undefined).toBeUndefined();
  });

  it('retry searches one failed connection again and leaves the others alone', async () => {
    const { engine, find, calls } = setup();
    engine.update('r', [fast, broken]);
    find('fast', 'r').resolve(page('fast', ['r1']));
    find('broken', 'r').reject(new Failure({ code: 'folder_missing', message: 'gone' }));
    await flush();
    engine.retry(broken);
    expect(calls).toHaveLength(3);
    expect(engine.getSnapshot().statuses.broken).toEqual({ status: 'searching' });
    expect(names(engine)).toEqual(['r1']);
  });

  it("keeps the previous query's results, marked stale, until the new query's first answer", async () => {
    const { engine, find } = setup();
    engine.update('sun', [fast, slow]);
    find('fast', 'sun').resolve(page('fast', ['sunset.png']));
    await flush();
    engine.update('sunr', [fast, slow]);
    // No flash of an empty grid between two queries: the old results stay, dimmed.
    expect(engine.getSnapshot()).toMatchObject({ text: 'sunr', stale: true });
    expect(names(engine)).toEqual(['sunset.png']);
    engine.update('sunri', [fast, slow]);
    expect(names(engine)).toEqual(['sunset.png']);
    // The first answer of the query now searched replaces them all, even an empty one.
    find('slow', 'sunri').resolve(page('slow', []));
    await flush();
    expect(engine.getSnapshot().stale).toBeUndefined();
    expect(names(engine)).toEqual([]);
    find('fast', 'sunri').resolve(page('fast', ['sunrise.png']));
    await flush();
    expect(names(engine)).toEqual(['sunrise.png']);
  });

  it('clears stale results after a while when no connection answers', async () => {
    vi.useFakeTimers();
    try {
      const { engine, find } = setup();
      engine.update('sun', [fast]);
      find('fast', 'sun').resolve(page('fast', ['sunset.png']));
      await vi.advanceTimersByTimeAsync(0);
      engine.update('moon', [fast]);
      await vi.advanceTimersByTimeAsync(staleMs - 1);
      expect(names(engine)).toEqual(['sunset.png']);
      await vi.advanceTimersByTimeAsync(1);
      expect(engine.getSnapshot().stale).toBeUndefined();
      expect(names(engine)).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a connection searched again keeps its results until the new answer replaces them', async () => {
    const { engine, calls } = setup();
    engine.update('sun', [fast]);
    calls[0]?.resolve(page('fast', ['sunset.png']));
    await flush();
    // A change reached its index: the panel asks again. The tiles stay meanwhile.
    engine.retry(fast);
    expect(engine.getSnapshot().statuses.fast).toEqual({ status: 'searching' });
    expect(names(engine)).toEqual(['sunset.png']);
    calls[1]?.resolve(page('fast', ['sunrise.png', 'sunset.png']));
    await flush();
    expect(names(engine)).toEqual(['sunrise.png', 'sunset.png']);
    // A failed search again leaves no results of the old answer behind its error.
    engine.retry(fast);
    calls[2]?.reject(new Failure({ code: 'internal', message: 'down' }));
    await flush();
    expect(names(engine)).toEqual([]);
    expect(engine.getSnapshot().statuses.fast).toMatchObject({ status: 'error' });
  });

  it('a quiet start shows nothing until its first answer, and its caller hears of it just before the answer is shown', async () => {
    const { engine, find } = setup();
    engine.update('sun', [fast, slow]);
    find('fast', 'sun').resolve(page('fast', ['sunset.png']));
    await flush();
    const before = engine.getSnapshot();
    const seen: string[] = [];
    engine.subscribe(() => seen.push(`snapshot ${engine.getSnapshot().text}`));
    engine.update('moon', [fast, slow], () => seen.push(`shown, snapshot still ${engine.getSnapshot().text}`));
    // The request is out at once; the screen does not move.
    expect(find('fast', 'moon').signal.aborted).toBe(false);
    expect(engine.getSnapshot()).toBe(before);
    expect(seen).toEqual([]);
    find('fast', 'moon').resolve(page('fast', ['moonrise.png']));
    await flush();
    expect(seen).toEqual(['shown, snapshot still sun', 'snapshot moon']);
    expect(names(engine)).toEqual(['moonrise.png']);
    // Told once: the slow connection's answer is an ordinary change.
    find('slow', 'moon').resolve(page('slow', []));
    await flush();
    expect(seen).toEqual(['shown, snapshot still sun', 'snapshot moon', 'snapshot moon']);
  });

  it('a quiet start with no answer shows its searching state after quietMs', async () => {
    vi.useFakeTimers();
    try {
      const { engine } = setup();
      let shown = 0;
      engine.update('sun', [fast], () => shown++);
      await vi.advanceTimersByTimeAsync(quietMs - 1);
      expect(shown).toBe(0);
      expect(engine.getSnapshot().statuses).toEqual({});
      await vi.advanceTimersByTimeAsync(1);
      expect(shown).toBe(1);
      expect(engine.getSnapshot()).toMatchObject({ text: 'sun', statuses: { fast: { status: 'searching' } } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a later query drops a quiet start that was not shown yet', async () => {
    const { engine, find } = setup();
    let shown = 0;
    engine.update('sun', [fast], () => shown++);
    engine.update('sunset', [fast]);
    expect(find('fast', 'sun').signal.aborted).toBe(true);
    find('fast', 'sunset').resolve(page('fast', ['sunset.png']));
    await flush();
    expect(shown).toBe(0);
    expect(engine.getSnapshot().text).toBe('sunset');
  });

  it('the same query and connections again change nothing and send no new snapshot', async () => {
    const { engine, calls } = setup();
    engine.update('sun', [fast]);
    const snapshot = engine.getSnapshot();
    engine.update('sun', [fast]);
    expect(engine.getSnapshot()).toBe(snapshot);
    expect(calls).toHaveLength(1);
    // A connection added is searched, and shown.
    engine.update('sun', [fast, slow]);
    expect(calls).toHaveLength(2);
    expect(engine.getSnapshot().statuses.slow).toEqual({ status: 'searching' });
  });

  it('dispose aborts what is in flight', () => {
    const { engine, find } = setup();
    engine.update('d', [fast]);
    engine.dispose();
    expect(find('fast', 'd').signal.aborted).toBe(true);
  });
});
