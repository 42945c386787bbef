import { describe, expect, it } from 'vitest';
import { searchWithIndex } from '../../../../main/index/index-handlers';
import type { IndexPage, NameIndexService } from '../../../../main/index/name-index-service';
import type { ProviderPage } from '../../../../main/providers/provider';

/**
 * A complete index answers alone. When it stopped counting a common word (its total is a
 * lower bound), the page says so ("1,000+") and still offers the next page.
 */
function indexAnswering(page: IndexPage): Pick<NameIndexService, 'answersAlone' | 'search' | 'holds'> {
  return { answersAlone: () => true, search: async () => page, holds: async (_, ids) => ids.map(() => true) };
}

const hit = (n: number) => ({ id: String(n), name: `final-${n}.png`, path: 'All Files', matches: [[0, 5]] as Array<[number, number]> });
const noLiveSearch = () => Promise.reject(new Error('a complete index answers alone'));
const searchFinal = (service: ReturnType<typeof indexAnswering>) =>
  searchWithIndex({ service: service as NameIndexService }, { id: 'c', kind: 'box-ccg' }, 'final', undefined, noLiveSearch);

describe('search through a complete index', () => {
  it('passes on a lower-bound total and the next page', async () => {
    const service = indexAnswering({ total: 1000, exact: false, hits: Array.from({ length: 200 }, (_, i) => hit(i)) });
    const page = await searchFinal(service);
    expect(page).toMatchObject({ total: 1000, totalAtLeast: true, nextCursor: 'ix:200' });
    expect(page.hits).toHaveLength(200);
  });

  it('says nothing of a lower bound when the count is exact', async () => {
    const service = indexAnswering({ total: 3, exact: true, hits: [hit(1), hit(2), hit(3)] });
    const page = await searchFinal(service);
    expect(page.total).toBe(3);
    expect(page.totalAtLeast).toBeUndefined();
    expect(page.nextCursor).toBeUndefined();
  });
});

describe('the home screen (an empty query)', () => {
  /** An index of `count` items that records what it was asked; `complete` says whether it answers alone. */
  function index(count: number, complete: boolean) {
    const asked: Array<{ text: string; offset: number; limit: number }> = [];
    const service: Pick<NameIndexService, 'answersAlone' | 'search' | 'holds'> = {
      answersAlone: () => complete,
      search: async (_, text, offset, limit) => {
        asked.push({ text, offset, limit });
        const hits = Array.from({ length: Math.max(0, Math.min(limit, count - offset)) }, (_, i) => ({ ...hit(offset + i), matches: [] }));
        return { total: count, exact: true, hits };
      },
      holds: async (_, ids) => ids.map(() => true),
    };
    return { service: service as NameIndexService, asked };
  }
  const notListed = async (): Promise<ProviderPage> => ({ hits: [], notListed: true });

  it('is listed by a complete OneDrive index, page after page, and never by the provider, which cannot list without words', async () => {
    const { service, asked } = index(450, true);
    const pages: ProviderPage[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchWithIndex({ service }, { id: 'c', kind: 'onedrive' }, '', cursor, noLiveSearch);
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor !== undefined && pages.length < 5);
    expect(pages.map((p) => [p.hits.length, p.total, p.nextCursor])).toEqual([
      [200, 450, 'ix:200'],
      [200, 450, 'ix:400'],
      [50, 450, undefined],
    ]);
    expect(pages.flatMap((p) => p.hits.map((h) => h.id))).toEqual(Array.from({ length: 450 }, (_, i) => String(i)));
    expect(pages[0]?.hits[0]).toMatchObject({ name: 'final-0.png', location: 'All Files', matches: [] });
    expect(asked.map((a) => [a.text, a.offset])).toEqual([
      ['', 0],
      ['', 200],
      ['', 400],
    ]);
  });

  it('is asked of the provider while the index is not complete, its cursors passed through as they are', async () => {
    const { service, asked } = index(10, false);
    const live: Array<string | undefined> = [];
    const box = async (cursor: string | undefined): Promise<ProviderPage> => {
      live.push(cursor);
      return { hits: [{ id: 'b1', name: 'newest.png', location: 'All Files' }], nextCursor: 'marker-2' };
    };
    const first = await searchWithIndex({ service }, { id: 'c', kind: 'box-ccg' }, '', undefined, box);
    expect(first).toMatchObject({ nextCursor: 'marker-2', hits: [{ id: 'b1' }] });
    await searchWithIndex({ service }, { id: 'c', kind: 'box-ccg' }, '', 'marker-2', box);
    expect(live).toEqual([undefined, 'marker-2']);
    expect(await searchWithIndex({ service }, { id: 'c', kind: 'onedrive' }, '  ', undefined, notListed)).toEqual({
      hits: [],
      notListed: true,
    });
    expect(asked).toEqual([]);
  });
});
