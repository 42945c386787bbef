import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../../../preload/contract';
import { onePerFile, reachRank } from '../../../../../renderer/src/search/one-per-file';

const hit = (connectionId: string, name: string, fileKey?: string): SearchHit => ({
  key: `${connectionId}/${name}`,
  connectionId,
  itemId: name,
  name,
  thumbnailUrl: '',
  canOpenOriginal: true,
  ...(fileKey ? { fileKey } : {}),
});

describe('one tile per file', () => {
  const ranks: Record<string, number> = {
    mine: reachRank({ kind: 'box-oauth', auth: 'signed-in' }),
    service: reachRank({ kind: 'box-ccg', auth: 'not-needed' }),
    local: reachRank({ kind: 'local', auth: 'not-needed' }),
  };
  const rankOf = (id: string) => ranks[id] ?? 3;

  it("ranks the person's own sign-in over an app connection, and either over one that needs signing in", () => {
    expect(reachRank({ kind: 'onedrive', auth: 'signed-in' })).toBeLessThan(reachRank({ kind: 'box-jwt', auth: 'not-needed' }));
    expect(reachRank({ kind: 'box-jwt', auth: 'not-needed' })).toBeLessThan(reachRank({ kind: 'box-oauth', auth: 'needs-sign-in' }));
  });

  it('shows a file reached by two connections once, where it first arrived, through the best-reached connection', () => {
    const hits = [
      hit('service', 'logo.png', 'box:1'),
      hit('local', 'logo.png'),
      hit('service', 'hero.jpg', 'box:2'),
      hit('mine', 'logo.png', 'box:1'),
    ];
    const shown = onePerFile(hits, rankOf);
    expect(shown.map((h) => [h.key, h.alsoIn?.map((o) => o.connectionId)])).toEqual([
      ['mine/logo.png', ['service']],
      ['local/logo.png', undefined],
      ['service/hero.jpg', undefined],
    ]);
  });

  it('keeps equally reached copies in arrival order and leaves lists without duplicates untouched', () => {
    const twins = [hit('a', 'x.png', 'graph:d:1'), hit('b', 'x.png', 'graph:d:1')];
    expect(onePerFile(twins, () => 1).map((h) => [h.connectionId, h.alsoIn?.length])).toEqual([['a', 1]]);
    const distinct = [hit('a', 'x.png', 'box:1'), hit('b', 'y.png', 'box:2'), hit('c', 'z.png')];
    expect(onePerFile(distinct, rankOf)).toBe(distinct);
  });
});
