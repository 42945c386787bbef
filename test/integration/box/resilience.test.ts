import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxCcgProvider } from '../../../main/providers/box';
import type { Provider } from '../../../main/providers/provider';
import { AppError, isAbortError } from '../../../main/shared/app-error';
import type { FakeApp, LoggedRequest } from '../../fakes/box';
import { ccgApp, never, seedWorld, startHarness, type Harness, type World } from './harness';

let h: Harness;
let app: FakeApp;
let world: World;

beforeAll(async () => {
  h = await startHarness();
  app = ccgApp(h.box);
  world = seedWorld(h.box, app.serviceAccountId, 12);
});
afterAll(() => h.close());

function provider(): Provider {
  return boxCcgProvider({
    config: { clientId: app.clientId, subjectType: 'enterprise', subjectId: app.enterpriseId },
    context: h.context({ secrets: { clientSecret: app.clientSecret } }),
  });
}

describe('Box under load and trouble', () => {
  it('waits out a 429 with Retry-After, then succeeds', async () => {
    const p = provider();
    await p.search('file', undefined, never());
    const before = h.box.state.counters.searches;
    h.box.state.rateLimitSearches(1, 1);
    const page = await p.search('file-00', undefined, never());
    expect(page.hits).toHaveLength(10);
    expect(h.box.state.counters.searches).toBe(before + 2);
  });

  it('gives up on a 429 that asks for too long a wait, with rate_limited and the wait', async () => {
    const p = provider();
    await p.search('file', undefined, never());
    const before = h.box.state.counters.searches;
    h.box.state.rateLimitSearches(1, 120);
    const error = await p.search('file', undefined, never()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'rate_limited', retryAfter: 120 });
    expect((error as AppError).step).toBeUndefined();
    expect(h.box.state.counters.searches).toBe(before + 1);
  });

  it('retries a 503 with Retry-After', async () => {
    const p = provider();
    h.box.state.failNext('/2.0/search', 503, 1, 1);
    const page = await p.search('file-01', undefined, never());
    expect(page.hits).toHaveLength(2);
  });

  it('renews the token once when Box rejects it, then carries on', async () => {
    const p = provider();
    await p.search('file', undefined, never());
    const before = h.box.state.counters.tokenRequests.client_credentials!;
    h.box.state.expireAccessTokens();
    await Promise.all([p.search('file-00', undefined, never()), p.search('file-01', undefined, never())]);
    expect(h.box.state.counters.tokenRequests.client_credentials).toBe(before + 1);
  });

  it('polls a representation a search found still generating, then downloads it', async () => {
    const file = world.visible[1]!;
    file.representationPending = 1;
    const p = provider();
    await p.search(file.name, undefined, never());
    const bytes = await p.thumbnailSource(file.id, never());
    expect(Buffer.from(bytes).equals(Buffer.from(file.bytes))).toBe(true);
    expect(file.representationPending).toBe(0);
    const polls = h.box.state.requests.filter((r) => r.path.startsWith(`/2.0/internal_files/${file.id}/`));
    expect(polls).toHaveLength(1);
  });

  it('waits out 202 + Retry-After from the thumbnail endpoint', async () => {
    const file = world.visible[2]!;
    file.representations = false;
    file.thumbnailPending = 1;
    const bytes = await provider().thumbnailSource(file.id, never());
    expect(Buffer.from(bytes).equals(Buffer.from(file.bytes))).toBe(true);
    const calls = h.box.state.requests.filter((r) => r.path === `/2.0/files/${file.id}/thumbnail.jpg`);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.query).toMatchObject({ min_width: '320', min_height: '320' });
  });

  it('reports a thumbnail that stays pending as box_not_ready with the wait', async () => {
    const file = world.visible[3]!;
    file.representations = false;
    file.thumbnailPending = 100;
    h.box.state.thumbnailRetryAfter = 60;
    try {
      const error = await provider()
        .thumbnailSource(file.id, never())
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'box_not_ready', retryAfter: 60 });
      expect((error as AppError).step).toBeUndefined();
    } finally {
      h.box.state.thumbnailRetryAfter = 1;
    }
  });

  it('cancelling a search aborts its HTTP request', async () => {
    const p = provider();
    await p.search('file', undefined, never());
    const release = h.box.state.holdSearches();
    try {
      const controller = new AbortController();
      const started = once(h.box.state.events, 'search-started');
      const search = p.search('file-00', undefined, controller.signal);
      await started;
      const aborted = once(h.box.state.events, 'request-aborted') as Promise<[LoggedRequest]>;
      controller.abort();
      const error = await search.catch((e: unknown) => e);
      expect(isAbortError(error)).toBe(true);
      const [request] = await aborted;
      expect(request).toMatchObject({ path: '/2.0/search', aborted: true });
    } finally {
      release();
    }
  });
});
