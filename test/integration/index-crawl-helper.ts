import type { CrawlPage, IndexedItem, IndexSource } from '../../main/index/index-source';

export interface CrawlResult {
  items: IndexedItem[];
  pages: CrawlPage[];
  /** What crawl resolved with (Graph's deltaLink); absent when stopped. */
  cursor?: string;
  aborted: boolean;
}

/** Runs an index source's crawl to the end, or stops it after `stopAfter` pages, keeping every page. */
export async function crawlAll(src: IndexSource, checkpoint?: string, stopAfter = Infinity): Promise<CrawlResult> {
  const items: IndexedItem[] = [];
  const pages: CrawlPage[] = [];
  const controller = new AbortController();
  try {
    const cursor = await src.crawl(
      checkpoint,
      async (page) => {
        pages.push(page);
        items.push(...page.items);
        if (pages.length >= stopAfter) controller.abort(new Error('stopped by the test'));
      },
      controller.signal,
    );
    return { items, pages, aborted: false, ...(cursor ? { cursor } : {}) };
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    return { items, pages, aborted: true };
  }
}
