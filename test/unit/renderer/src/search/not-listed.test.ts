import { describe, expect, it } from 'vitest';
import type { SearchPageResult } from '../../../../../preload/contract';
import { describeStatus } from '../../../../../renderer/src/search/ConnectionChip';
import { FederatedSearch } from '../../../../../renderer/src/search/federated-search';

describe('a connection that lists nothing for an empty query', () => {
  it('keeps that in its status, so its chip shows no "0 images"', async () => {
    const answers: Record<string, SearchPageResult> = { drive: { hits: [], notListed: true }, folder: { hits: [] } };
    const engine = new FederatedSearch({
      searchPage: async (connectionId) => answers[connectionId]!,
      isCancelled: () => false,
      toError: () => ({ code: 'internal', message: 'boom' }),
    });
    engine.update('', [
      { id: 'drive', auth: 'signed-in' },
      { id: 'folder', auth: 'not-needed' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const { statuses } = engine.getSnapshot();
    expect(describeStatus(statuses.drive)).toBe('');
    expect(describeStatus(statuses.folder)).toBe('0 images');
  });
});
