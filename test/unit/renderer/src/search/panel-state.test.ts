import { describe, expect, it } from 'vitest';
import type { ConnectionSummary } from '../../../../../preload/contract';
import { describeStatus } from '../../../../../renderer/src/search/ConnectionChip';
import type { ConnectionStatus } from '../../../../../renderer/src/search/federated-search';
import { emptyState, gridFooter, resultSummary, searchProgress, type PanelFacts } from '../../../../../renderer/src/search/panel-state';

const connection = (id: string, kind: ConnectionSummary['kind'] = 'box-ccg'): ConnectionSummary =>
  ({
    id,
    kind,
    name: id,
    enabled: true,
    managed: false,
    config: {},
    secrets: {},
    auth: 'not-needed',
    warnings: [],
  }) as unknown as ConnectionSummary;
const done = (count: number, more?: { total: number; atLeast?: boolean }): ConnectionStatus => ({
  status: 'done',
  count,
  loadingMore: false,
  ...(more ? { total: more.total, nextCursor: 'next' } : {}),
  ...(more?.atLeast ? { totalAtLeast: true } : {}),
});

const box = connection('box');
const local = connection('local', 'local');
const facts = (over: Partial<PanelFacts>): PanelFacts => ({
  connections: [box, local],
  enabled: [box, local],
  searched: [box, local],
  statuses: { box: done(0), local: done(0) },
  typed: 'sun',
  query: 'sun',
  hits: 0,
  shown: 0,
  type: 'all',
  ...over,
});
const summarise = (f: PanelFacts) => resultSummary(f, searchProgress(f));
const empty = (f: PanelFacts) => emptyState(f, searchProgress(f));

describe('search panel state', () => {
  it('counts typing ahead of the debounce and unanswered connections as searching', () => {
    expect(searchProgress(facts({ typed: 'sunse' })).searching).toBe(true);
    expect(searchProgress(facts({ statuses: { box: done(0) } })).searching).toBe(true);
    expect(searchProgress(facts({})).searching).toBe(false);
  });

  it('says "N of M" while pages remain, and what the type filter hides', () => {
    const paged = facts({ hits: 50, shown: 50, statuses: { box: done(50, { total: 340 }), local: done(0) } });
    expect(summarise(paged)).toBe('50 of 340 images named like “sun”');
    // A name index stops counting a common word once its page is settled.
    const counted = facts({ hits: 200, shown: 200, statuses: { box: done(200, { total: 1652, atLeast: true }), local: done(0) } });
    expect(summarise(counted)).toBe('200 of 1,600+ images named like “sun”');
    expect(describeStatus(counted.statuses.box)).toBe('1,600+ images');
    expect(describeStatus(done(200, { total: 48_249, atLeast: true }))).toBe('48,000+ images');
    expect(describeStatus(done(200, { total: 201, atLeast: true }))).toBe('200+ images');
    expect(describeStatus(paged.statuses.box)).toBe('340 images');
    // The previous query's results, kept on screen until the new one answers, are not counted as its results.
    expect(summarise(facts({ hits: 5, shown: 5, stale: true, statuses: { box: { status: 'searching' }, local: done(0) } }))).toBe(
      'Searching…',
    );
    expect(summarise(facts({ hits: 50, shown: 3, type: 'raw' }))).toBe('3 of 50 images named like “sun”');
    expect(summarise(facts({ hits: 1, shown: 1 }))).toBe('1 image named like “sun”');
    expect(summarise(facts({ query: '', typed: '', hits: 24, shown: 24 }))).toBe('24 images — type to narrow them down by file name');
  });

  it('picks the empty state that names what to do', () => {
    expect(empty(facts({ connections: undefined }))).toBeUndefined();
    expect(empty(facts({ connections: [], enabled: [], searched: [] }))).toEqual({ kind: 'no-connections' });
    expect(empty(facts({ searched: [] }))).toEqual({ kind: 'all-off' });
    expect(empty(facts({}))).toEqual({ kind: 'no-results', text: 'sun', cloud: true });
    expect(
      empty(facts({ statuses: { box: { status: 'needs-sign-in' }, local: { status: 'error', error: { code: 'x', message: 'x' } } } })),
    ).toEqual({ kind: 'failed' });
    expect(empty(facts({ hits: 4, shown: 0, type: 'raw' }))).toMatchObject({ kind: 'filtered-out', hidden: 4 });
    expect(empty(facts({ typed: 'sunse' }))).toBeUndefined();
  });

  it('tells "all turned off" from "none at all", and names the service account to share with when nothing is found', () => {
    expect(empty(facts({ connections: [], enabled: [], searched: [] }))).toEqual({ kind: 'no-connections' });
    expect(empty(facts({ connections: [box], enabled: [], searched: [] }))).toEqual({ kind: 'all-disabled' });
    const tested = {
      ...box,
      health: { ok: true, testedAt: '', message: '', account: 'AutomationUser_7@boxdevedition.com' },
    } as ConnectionSummary;
    expect(empty(facts({ connections: [tested], enabled: [tested], searched: [tested], statuses: { box: done(0) } }))).toEqual({
      kind: 'no-results',
      text: 'sun',
      cloud: true,
      shareWith: [{ connection: 'box', account: 'AutomationUser_7@boxdevedition.com' }],
    });
  });

  it('ends a long list with "That is all" only when nothing more can load', () => {
    expect(gridFooter(40, { searching: false, loadingMore: false, moreAvailable: false })).toBe('That is all 40 images.');
    expect(gridFooter(40, { searching: false, loadingMore: false, moreAvailable: true })).toBe('');
    expect(gridFooter(40, { searching: false, loadingMore: true, moreAvailable: true })).toBe('Loading more…');
    expect(gridFooter(10, { searching: false, loadingMore: false, moreAvailable: false })).toBe('');
  });
});
