import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CursorExpiredError, type IndexChange, type IndexSource } from '../../../main/index/index-source';
import type { FakeApp, FakeFolder, FakeUser, LoggedRequest } from '../../fakes/box';
import { bytesFor, never, type Harness } from './harness';
import { startIndexWorld, type IndexWorld } from './index-harness';

let h: Harness;
let app: FakeApp;
let designer: FakeUser;
let brand: FakeFolder;
let source: IndexWorld['source'];

beforeEach(async () => {
  ({ h, app, designer, source } = await startIndexWorld());
  brand = h.box.state.addFolder({ name: 'Brand', ownerId: designer.id, sharedWith: [app.serviceAccountId] });
});
afterEach(() => h.close());

/** Box always has a stream position to start from. */
async function startCursor(src: IndexSource): Promise<string> {
  const cursor = await src.startCursor(never());
  if (cursor === undefined) throw new Error('Box gave no stream position');
  return cursor;
}

interface Followed {
  changes: IndexChange[];
  cursors: string[];
  /** Resolves once the changes so far satisfy `ready`; follow is then stopped. */
  until(ready: (changes: IndexChange[]) => boolean): Promise<IndexChange[]>;
  stop(): Promise<unknown>;
  /** What follow ended with (an error), without stopping it. */
  ended: Promise<unknown>;
}

function follow(src: IndexSource, cursor: string): Followed {
  const controller = new AbortController();
  const changes: IndexChange[] = [];
  const cursors: string[] = [];
  let check = () => {};
  const running = src
    .follow(
      cursor,
      async (batch, next) => {
        changes.push(...batch);
        cursors.push(next);
        check();
      },
      controller.signal,
    )
    .catch((error: unknown) => error);
  return {
    changes,
    cursors,
    until: (ready) =>
      new Promise((resolve, reject) => {
        check = () => {
          if (ready(changes)) {
            controller.abort();
            resolve(changes);
          }
        };
        void running.then((error) => reject(error instanceof Error ? error : new Error('follow ended')));
        check();
      }),
    stop: () => {
      controller.abort();
      return running;
    },
    ended: running,
  };
}

/** Resolves when the next long poll reaches the real-time server. */
function nextLongPoll(): Promise<unknown> {
  return new Promise((resolve) => {
    const onRequest = (request: LoggedRequest) => {
      if (request.host === 'realtime') {
        clearInterval(timer);
        resolve(request);
      }
    };
    const seen = h.box.state.requests.length;
    const timer = setInterval(() => {
      const request = h.box.state.requests.slice(seen).find((r) => r.host === 'realtime');
      if (request) onRequest(request);
    }, 10);
  });
}

const upserted = (changes: IndexChange[], name: string) => changes.some((c) => c.type === 'upsert' && c.item.name === name);

describe('Box index source: events', () => {
  it('takes the stream position before the crawl, then applies upload, rename, move, trash and restore in order', async () => {
    const archive = h.box.state.addFolder({ name: 'Archive', ownerId: designer.id, parentId: brand.id });
    const src = source();
    const cursor = await startCursor(src);
    const changes = h.box.state.changes;
    const file = changes.upload({ name: 'ocean-hero.png', bytes: bytesFor('ocean'), ownerId: designer.id, parentId: brand.id });
    changes.rename(file.id, 'ocean-hero-v2.png');
    changes.move(file.id, archive.id);
    changes.trash(file.id);
    changes.restore(file.id);

    const followed = follow(src, cursor);
    const seen = await followed.until((c) => c.length >= 5);
    expect(
      seen.map((c) => (c.type === 'upsert' ? `upsert ${c.item.name} @ ${c.item.path}` : c.type === 'remove' ? `remove ${c.id}` : c.type)),
    ).toEqual([
      'upsert ocean-hero.png @ Brand',
      'upsert ocean-hero-v2.png @ Brand',
      'upsert ocean-hero-v2.png @ Brand / Archive',
      `remove ${file.id}`,
      'upsert ocean-hero-v2.png @ Brand / Archive',
    ]);
    expect(Number(followed.cursors.at(-1))).toBe(changes.position);
  });

  it('wakes on the long poll when something is uploaded, and sends no token to the real-time server', async () => {
    const src = source();
    const cursor = await startCursor(src);
    const followed = follow(src, cursor);
    await nextLongPoll();
    h.box.state.changes.upload({ name: 'IMG_20240412_0931.jpg', bytes: bytesFor('img'), ownerId: designer.id, parentId: brand.id });
    const seen = await followed.until((c) => upserted(c, 'IMG_20240412_0931.jpg'));
    expect(seen).toHaveLength(1);
    const polls = h.box.state.requests.filter((r) => r.host === 'realtime');
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.every((r) => !r.authorization)).toBe(true);
    expect(h.box.state.requests.some((r) => r.method === 'OPTIONS' && r.path === '/2.0/events')).toBe(true);
  });

  it('asks for a new real-time server after "reconnect" and still hears the next change', async () => {
    h.box.state.changes.retryTimeout = 1;
    const src = source();
    const cursor = await startCursor(src);
    const followed = follow(src, cursor);
    await nextLongPoll();
    await nextLongPoll();
    h.box.state.changes.upload({ name: 'late.png', bytes: bytesFor('late'), ownerId: designer.id, parentId: brand.id });
    await followed.until((c) => upserted(c, 'late.png'));
    expect(h.box.state.requests.filter((r) => r.method === 'OPTIONS').length).toBeGreaterThanOrEqual(2);
  });

  it('drops an event Box delivers twice (same event_id)', async () => {
    const src = source();
    const cursor = await startCursor(src);
    const file = h.box.state.changes.upload({ name: 'twice.png', bytes: bytesFor('t'), ownerId: designer.id, parentId: brand.id });
    h.box.state.changes.duplicateNext(1);
    h.box.state.changes.rename(file.id, 'twice-renamed.png');
    h.box.state.changes.upload({ name: 'marker.png', bytes: bytesFor('m'), ownerId: designer.id, parentId: brand.id });
    expect(h.box.state.changes.events).toHaveLength(4);

    const seen = await follow(src, cursor).until((c) => upserted(c, 'marker.png'));
    expect(seen.filter((c) => c.type === 'upsert' && c.item.name === 'twice-renamed.png')).toHaveLength(1);
    expect(seen).toHaveLength(3);
  });

  it('lists a renamed folder again so its images get the new path; a trashed folder is removed whole', async () => {
    const logos = h.box.state.addFolder({ name: 'Logos', ownerId: designer.id, parentId: brand.id });
    const inner = h.box.state.addFolder({ name: 'Dark', ownerId: designer.id, parentId: logos.id });
    h.box.state.addFile({ name: 'mark.svg', bytes: bytesFor('mark'), ownerId: designer.id, parentId: inner.id });
    const src = source();
    const cursor = await startCursor(src);
    const followed = follow(src, cursor);
    h.box.state.changes.rename(logos.id, 'Marks');
    await followed.until((c) => upserted(c, 'mark.svg'));
    expect(followed.changes).toEqual([
      { type: 'upsert', item: expect.objectContaining({ name: 'mark.svg', path: 'Brand / Marks / Dark', parentId: inner.id }) },
    ]);

    const position = followed.cursors.at(-1)!;
    h.box.state.changes.trash(logos.id);
    const trashed = await follow(src, position).until((c) => c.length > 0);
    expect(trashed).toEqual([{ type: 'remove-folder', folderId: logos.id }]);
  });

  it('a folder moved out of the Parent folder is removed; a new collaboration brings a folder in', async () => {
    const inside = h.box.state.addFolder({ name: 'Campaign', ownerId: designer.id, parentId: brand.id });
    h.box.state.addFile({ name: 'hero.png', bytes: bytesFor('hero'), ownerId: designer.id, parentId: inside.id });
    const elsewhere = h.box.state.addFolder({ name: 'Elsewhere', ownerId: designer.id, sharedWith: [app.serviceAccountId] });
    const src = source(brand.id);
    const cursor = await startCursor(src);
    h.box.state.changes.move(inside.id, elsewhere.id);
    const moved = await follow(src, cursor).until((c) => c.length >= 1);
    expect(moved).toEqual([{ type: 'remove-folder', folderId: inside.id }]);

    const rootSource = source();
    const rootCursor = await startCursor(rootSource);
    const gift = h.box.state.addFolder({ name: 'Gift', ownerId: designer.id });
    h.box.state.addFile({ name: 'gift.jpg', bytes: bytesFor('gift'), ownerId: designer.id, parentId: gift.id });
    h.box.state.changes.collaborate(gift.id, app.serviceAccountId);
    const invited = await follow(rootSource, rootCursor).until((c) => upserted(c, 'gift.jpg'));
    expect(invited).toEqual([{ type: 'upsert', item: expect.objectContaining({ name: 'gift.jpg', path: 'Gift' }) }]);
  });

  it('a stream position Box no longer keeps ends follow with CursorExpiredError', async () => {
    const src = source();
    const cursor = await startCursor(src);
    h.box.state.changes.upload({ name: 'a.png', bytes: bytesFor('a'), ownerId: designer.id, parentId: brand.id });
    h.box.state.changes.expire();
    const error = await follow(src, cursor).ended;
    expect(error).toBeInstanceOf(CursorExpiredError);
  });
});
