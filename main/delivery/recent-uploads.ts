import { nameMatches } from '../../preload/image-types';
import type { ProviderHit, ProviderPage } from '../providers/provider';

const maxPerConnection = 200;

/**
 * Files Skyhook just delivered, shown in results at once. Box indexes uploads for search
 * about 10 minutes later, and Graph's search lags too; until the service's own answer
 * lists a file, its first page of results gets it from here.
 */
export class RecentUploads {
  private readonly byConnection = new Map<string, ProviderHit[]>();

  remember(connectionId: string, hit: ProviderHit): void {
    const list = (this.byConnection.get(connectionId) ?? []).filter((h) => h.id !== hit.id);
    list.unshift(hit);
    this.byConnection.set(connectionId, list.slice(0, maxPerConnection));
  }

  forget(connectionId: string): void {
    this.byConnection.delete(connectionId);
  }

  /** The page with the recent uploads that match `text` and are missing from it in front (first page only). */
  merge(connectionId: string, text: string, cursor: string | undefined, page: ProviderPage): ProviderPage {
    const recent = this.byConnection.get(connectionId);
    if (!recent || cursor) return page;
    const listed = new Set(page.hits.map((hit) => hit.id));
    // Once the service lists a file itself, it no longer needs standing in for.
    const waiting = recent.filter((hit) => !listed.has(hit.id));
    if (waiting.length !== recent.length) this.byConnection.set(connectionId, waiting);
    const extra = text ? waiting.filter((hit) => nameMatches(hit.name, text)) : [];
    if (extra.length === 0) return page;
    return { ...page, hits: [...extra, ...page.hits], ...(page.total !== undefined ? { total: page.total + extra.length } : {}) };
  }
}
