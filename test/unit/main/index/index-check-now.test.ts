import { describe, expect, it } from 'vitest';
import { checkNowThrottleMs, createIndexHandlers, type IndexHandlerServices } from '../../../../main/index/index-handlers';
import type { IndexSource } from '../../../../main/index/index-source';
import type { NameIndexService } from '../../../../main/index/name-index-service';

/**
 * `index.checkNow` (sent on every window focus) pokes each followed source that polls for
 * changes, at most once per throttle window per source; sources told of changes (Box's
 * long-poll, a local watcher) have no `poke` and are left alone.
 */

const notUsed = () => Promise.reject(new Error('not used here'));

function source(polls: boolean): IndexSource & { pokes: number } {
  const s: IndexSource & { pokes: number } = { pokes: 0, startCursor: notUsed, crawl: notUsed, follow: notUsed };
  if (polls) s.poke = () => void s.pokes++;
  return s;
}

function handlers(sources: () => IndexSource[]) {
  const clock = { ms: 1_000_000 };
  const service: Pick<NameIndexService, 'followedSources'> = { followedSources: sources };
  const s = { service: service as NameIndexService, now: () => clock.ms } as unknown as IndexHandlerServices;
  return { checkNow: () => createIndexHandlers(s)['index.checkNow'], clock };
}

describe('index.checkNow', () => {
  it('pokes each source that has poke, once per throttle window, and skips those without', async () => {
    const oneDrive = source(true);
    const otherDrive = source(true);
    const box = source(false);
    const { checkNow, clock } = handlers(() => [oneDrive, box, otherDrive]);
    const check = checkNow();
    const signal = new AbortController().signal;

    expect(await check({}, signal)).toBeNull();
    expect([oneDrive.pokes, otherDrive.pokes]).toEqual([1, 1]);
    expect(box.poke).toBeUndefined();

    // Focus flickering: asked again within the window, nothing more reaches Graph.
    clock.ms += 1;
    await check({}, signal);
    clock.ms += checkNowThrottleMs - 2;
    await check({}, signal);
    expect([oneDrive.pokes, otherDrive.pokes]).toEqual([1, 1]);

    clock.ms += 1;
    await check({}, signal);
    expect([oneDrive.pokes, otherDrive.pokes]).toEqual([2, 2]);
  });

  it('throttles each source on its own: one followed later is poked at once', async () => {
    const first = source(true);
    const later = source(true);
    const followed: IndexSource[] = [first];
    const { checkNow, clock } = handlers(() => followed);
    const check = checkNow();
    const signal = new AbortController().signal;
    await check({}, signal);
    followed.push(later);
    clock.ms += 1_000;
    await check({}, signal);
    expect([first.pokes, later.pokes]).toEqual([1, 1]);
  });

  it('answers null with no index at all', async () => {
    expect(await createIndexHandlers(undefined)['index.checkNow']({}, new AbortController().signal)).toBeNull();
  });
});
