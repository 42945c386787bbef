import { describe, expect, it } from 'vitest';
import { searchWithIndex } from '../../../../main/index/index-handlers';
import type { IndexPage, NameIndexService } from '../../../../main/index/name-index-service';

/**
 * A complete index answers alone. When it stopped counting a common word (its total is a
 * lower bound), the page says so ("1,000+") and still offers the next page.
 */
function indexAnswering(page: IndexPage): Pick<NameIndexService, 'answersAlone' | 'search' | 'holds'> {
  return { answersAlone: () => true, search: async () => page, holds: async (_, ids) => ids.map(() => true) };
}

const hit = (n: number) => ({ id: String(n), name: `final-${n}.png`, path: 'All Files', matches: [[0, 5]] as Array<[number, number]> });
const noLiveSearch = () => Promise.reject(new Error('a complete index answers alone'));

describe('search through a complete index', () => {
  it('passes on a lower-bound total and the next page', async () => {
    const service = indexAnswering({ total: 1000, exact: false, hits: Array.from({ length: 200 }, (_, i) => hit(i)) });
    const page = await searchWithIndex(
      { service: service as NameIndexService },
      { id: 'c', kind: 'box-ccg' },
      'final',
      undefined,
      noLiveSearch,
    );
    expect(page).toMatchObject({ total: 1000, totalAtLeast: true, nextCursor: 'ix:200' });
    expect(page.hits).toHaveLength(200);
  });

  it('says nothing of a lower bound when the count is exact', async () => {
    const service = indexAnswering({ total: 3, exact: true, hits: [hit(1), hit(2), hit(3)] });
    const page = await searchWithIndex(
      { service: service as NameIndexService },
      { id: 'c', kind: 'box-ccg' },
      'final',
      undefined,
      noLiveSearch,
    );
    expect(page.total).toBe(3);
    expect(page.totalAtLeast).toBeUndefined();
    expect(page.nextCursor).toBeUndefined();
  });
});
