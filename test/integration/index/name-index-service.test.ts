import { afterEach, describe, expect, it } from 'vitest';
import type { EventOf } from '../../../preload/contract';
import { CursorExpiredError, WaitRequestedError } from '../../../main/index/index-source';
import { NameIndexService, type IndexedConnection } from '../../../main/index/name-index-service';
import { silentLogger } from '../../../main/shared/logger';
import { filesUnder, useTempDirs } from '../../harness/unit';
import { image, ScriptedSource } from './scripted-source';

const tempDir = useTempDirs();
const id = '6f1c1d2e-0000-4000-8000-000000000001';
const services: NameIndexService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
});

interface Recorded {
  statuses: Array<EventOf<'index.status'>>;
  changed: number;
}

/** A service on the real worker thread, recording what it emits. */
function start(root: string, source: ScriptedSource, options: { account?: string | null; retryDelayMs?: number } = {}) {
  const seen: Recorded = { statuses: [], changed: 0 };
  const service = new NameIndexService({
    root,
    log: silentLogger,
    retryDelayMs: () => options.retryDelayMs ?? 10,
    events: {
      emit: (name, payload) => {
        if (name === 'index.status') seen.statuses.push(payload as EventOf<'index.status'>);
        if (name === 'index.changed') seen.changed++;
      },
    },
  });
  services.push(service);
  const connection: IndexedConnection = {
    id,
    indexed: true,
    config: { folderId: '0' },
    account: async () => ('account' in options ? options.account : null),
    source: () => source,
  };
  void service.sync([connection]);
  return { service, seen, connection };
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`never: ${what}`);
}

const names = async (service: NameIndexService, text: string) => (await service.search(id, text, 0, 50))?.hits.map((h) => h.name) ?? [];

describe('name index service (worker thread, scripted source)', () => {
  it('crawls, answers fragments with highlights, then follows changes', async () => {
    const source = new ScriptedSource([
      [image('1', 'ocean-hero.png'), image('2', 'IMG_20240412_0931.jpg')],
      [image('3', 'ACME_logo_v3_final.psd')],
    ]);
    const { service, seen } = start(tempDir(), source);
    await until(() => service.status(id).state === 'live', 'live');
    expect(service.answersAlone(id)).toBe(true);
    expect(service.status(id)).toMatchObject({ items: 3, skipped: 1 });
    expect(seen.statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['loading', 'indexing', 'up-to-date', 'live']));
    const page = await service.search(id, 'cean', 0, 10);
    expect(page?.hits.map((h) => [h.name, h.matches])).toEqual([['ocean-hero.png', [[1, 5]]]]);
    expect(page).toMatchObject({ total: 1, exact: true });
    expect(await names(service, 'go_v3')).toEqual(['ACME_logo_v3_final.psd']);
    expect(source.followCalls).toEqual(['cursor-0']);

    const before = seen.changed;
    source.push({
      changes: [
        { type: 'upsert', item: image('4', 'sunset-beach.jpg') },
        { type: 'remove', id: '1' },
      ],
      cursor: 'cursor-1',
    });
    await until(async () => (await names(service, 'unset')).length === 1, 'upload visible');
    expect(await names(service, 'cean')).toEqual([]);
    expect(seen.changed).toBeGreaterThan(before);
  });

  it('resumes an interrupted crawl from its checkpoint, also after a restart', async () => {
    const root = tempDir();
    const pages = [[image('1', 'a-one.png')], [image('2', 'b-two.png')], [image('3', 'c-three.png')]];
    const first = new ScriptedSource(pages, { page: 2, error: new Error('network down') });
    // A long retry delay holds "failed" until the stop (at 10 ms it lasts less than one poll).
    const one = start(root, first, { retryDelayMs: 60_000 });
    await until(() => one.service.status(id).state === 'failed', 'failed');
    expect(one.service.status(id).message).toBe('network down');
    expect(one.service.answersAlone(id)).toBe(false);
    await one.service.stop();

    const second = new ScriptedSource(pages);
    const two = start(root, second);
    await until(() => two.service.status(id).state === 'live', 'live after restart');
    expect(second.crawlCalls).toEqual(['2']);
    expect((await names(two.service, 'png')).sort()).toEqual(['a-one.png', 'b-two.png', 'c-three.png']);
  });

  it('Retry after a failure resumes the crawl at once, keeping what it indexed', async () => {
    const pages = [[image('1', 'a-one.png')], [image('2', 'b-two.png')], [image('3', 'c-three.png')]];
    const source = new ScriptedSource(pages, { page: 2, error: new Error('network down') });
    // Without Retry, the next try would come a minute later.
    const { service, connection } = start(tempDir(), source, { retryDelayMs: 60_000 });
    await until(() => service.status(id).state === 'failed', 'failed');
    expect((await names(service, 'png')).sort()).toEqual(['a-one.png', 'b-two.png']);
    await service.retry(id, [connection]);
    await until(() => service.status(id).state === 'live', 'live after Retry');
    expect(source.crawlCalls).toEqual([undefined, '2']);
    expect((await names(service, 'png')).sort()).toEqual(['a-one.png', 'b-two.png', 'c-three.png']);
  });

  it('crawls again when the cursor expires, dropping what is gone', async () => {
    const source = new ScriptedSource([[image('1', 'keep.png'), image('2', 'gone.png')]]);
    const { service } = start(tempDir(), source);
    await until(() => service.status(id).state === 'live', 'live');
    source.pages = [[image('1', 'keep.png'), image('3', 'new.png')]];
    source.startAt = 'cursor-after-reset';
    source.push(new CursorExpiredError('reset'));
    await until(() => source.followCalls.includes('cursor-after-reset') && service.status(id).state === 'live', 'live again');
    expect((await names(service, 'png')).sort()).toEqual(['keep.png', 'new.png']);
  });

  it('pauses until the time the service asked for', async () => {
    const source = new ScriptedSource([[image('1', 'one.png')]]);
    const { service, seen } = start(tempDir(), source);
    await until(() => service.status(id).state === 'live', 'live');
    const until14 = new Date(Date.now() + 300);
    source.push(new WaitRequestedError(until14));
    await until(() => seen.statuses.some((s) => s.state === 'paused'), 'paused');
    expect(seen.statuses.find((s) => s.state === 'paused')?.resumeAt).toBe(until14.toISOString());
    await until(() => source.followCalls.length === 2 && service.status(id).state === 'live', 'live after the wait');
  });

  it('keeps one index per account, and forgets every file of a connection', async () => {
    const root = tempDir();
    const { service, connection } = start(root, new ScriptedSource([[image('1', 'one.png')]]), { account: 'ana@example.com' });
    await until(() => service.status(id).state === 'live', 'live');
    const firstFiles = filesUnder(root);
    expect(firstFiles.some((f) => f.endsWith('names.snapshot'))).toBe(true);
    await service.sync([{ ...connection, account: async () => 'ben@example.com' }]);
    await until(() => service.status(id).state === 'live', 'live for the second account');
    expect(filesUnder(root).some((f) => firstFiles.includes(f))).toBe(false);
    await service.sync([{ ...connection, account: async () => undefined }]);
    expect(service.status(id)).toMatchObject({ state: 'off' });
    expect(filesUnder(root)).toEqual([]);
    expect(await service.search(id, 'one', 0, 10)).toBeUndefined();
    await service.sync([connection]);
    await until(() => service.status(id).state === 'live', 'live again');
    await service.forget(id);
    expect(filesUnder(root)).toEqual([]);
  });
});
