import { describe, expect, it } from 'vitest';
import { planPrefetch, type PrefetchBudget, type PrefetchState } from '../../../../../renderer/src/search/prefetch-plan';

const MB = 1024 * 1024;
const budget: PrefetchBudget = { maxFileBytes: 20 * MB, maxTotalBytes: 30 * MB, maxConcurrent: 2 };
const idle: PrefetchState = { running: new Map(), settled: new Set(), spentBytes: 0 };
const tiles = (...sizes: Array<number | undefined>) =>
  sizes.map((size, i) => ({ key: `t${i}`, ...(size !== undefined ? { size: size * MB } : {}) }));

describe('planPrefetch (originals of the results on screen, within a budget)', () => {
  it('starts the most visible first, at most maxConcurrent at once', () => {
    expect(planPrefetch(tiles(2, 3, 4, 5), idle, budget, false).start.map((c) => c.key)).toEqual(['t0', 't1']);
  });

  it('skips files over the per-file size and stops before the total budget', () => {
    // t0 is too big for a prefetch; t1 (10) + t2 (15) fit in 30; t3 (10) would exceed it.
    const step = planPrefetch(tiles(25, 10, 15, 10), idle, { ...budget, maxConcurrent: 10 }, false);
    expect(step.start.map((c) => c.key)).toEqual(['t1', 't2']);
  });

  it('counts what finished and what is under way against the total', () => {
    const state: PrefetchState = { running: new Map([['t0', 10 * MB]]), settled: new Set(['done']), spentBytes: 15 * MB };
    const step = planPrefetch(tiles(10, 4, 6), state, { ...budget, maxConcurrent: 5 }, false);
    // 15 spent + 10 running leaves 5: t1 (4) fits, t2 (6) does not.
    expect(step.start.map((c) => c.key)).toEqual(['t1']);
  });

  it('counts an unknown size as the largest allowed file', () => {
    expect(planPrefetch(tiles(undefined, undefined), idle, { ...budget, maxConcurrent: 5 }, false).start.map((c) => c.key)).toEqual(['t0']);
  });

  it('starts nothing while a search is in flight, and cancels what scrolled away', () => {
    const state: PrefetchState = {
      running: new Map([
        ['gone', 5 * MB],
        ['t0', 2 * MB],
      ]),
      settled: new Set(),
      spentBytes: 0,
    };
    const step = planPrefetch(tiles(2, 3), state, budget, true);
    expect(step).toEqual({ start: [], cancel: ['gone'] });
  });

  it('frees the slot of a cancelled prefetch for a result on screen, and never refetches a settled one', () => {
    const state: PrefetchState = {
      running: new Map([
        ['gone', 5 * MB],
        ['t0', 2 * MB],
      ]),
      settled: new Set(['t1']),
      spentBytes: 0,
    };
    const step = planPrefetch(tiles(2, 3, 4), state, budget, false);
    expect(step.cancel).toEqual(['gone']);
    expect(step.start.map((c) => c.key)).toEqual(['t2']);
  });
});
