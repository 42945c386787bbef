import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../../main/ipc/event-hub';
import { dragPlanner, planDrag } from '../../../../main/media/drag-plan';
import { MediaCache } from '../../../../main/media/media-cache';
import type { OriginalFile, Provider } from '../../../../main/providers/provider';
import { pngBytes, streamOf, useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();
const signal = () => AbortSignal.timeout(10_000);
// A UUID, as the contract's events require.
const connectionId = '6f1c7e52-3d0a-4b8e-9a57-2c4d8e1f0b93';

function provider(bytes: Uint8Array): Provider {
  return {
    search: async () => ({ hits: [] }),
    thumbnailSource: async () => bytes,
    original: async (itemId): Promise<OriginalFile> => ({ name: `${itemId}.png`, body: streamOf(bytes) }),
    originalUrl: () => undefined,
    test: async () => ({ summary: '', details: [], nextSteps: [] }),
  };
}

describe('planDrag (the one drag-readiness rule of both compositions)', () => {
  it('names every result whose original is not on disk at dragstart, and carries the ones that are', async () => {
    const cache = new MediaCache(tempDir());
    const p = provider(await pngBytes(200, 100));
    const onDisk = await cache.original(connectionId, 'here', p, signal());

    const plan = planDrag(cache, {
      connectionId,
      itemId: 'away',
      name: 'away.png',
      others: [{ connectionId, itemId: 'here', name: 'here.png' }],
    });
    expect(plan.ready).toBe(false);
    expect(plan.missing.map((m) => m.name)).toEqual(['away.png']);
    expect(plan.files).toEqual([onDisk]);
    expect(plan.preview).toBeUndefined();

    expect(planDrag(cache, { connectionId, itemId: 'here' })).toMatchObject({ ready: true, files: [onDisk], missing: [] });
  });

  it('with the preview setting, drags the large preview named "<name> (preview).webp" while the original is missing', async () => {
    const cache = new MediaCache(tempDir());
    const p = provider(await pngBytes(2000, 1000));
    const preview = await cache.preview(connectionId, 'big', p, signal());

    const plan = planDrag(cache, { connectionId, itemId: 'big', name: 'Hero shot.jpg', previewWhileDownloading: true });
    expect(plan.ready).toBe(false);
    expect(plan.missing.map((m) => m.name)).toEqual(['Hero shot.jpg']);
    expect(basename(plan.preview ?? '')).toBe('Hero shot (preview).webp');
    expect(readFileSync(plan.preview ?? '').equals(readFileSync(preview))).toBe(true);
    // Without the setting nothing stands in for the original.
    expect(planDrag(cache, { connectionId, itemId: 'big', name: 'Hero shot.jpg' }).preview).toBeUndefined();
  });

  it('offers no preview when neither a preview nor a thumbnail is on disk', () => {
    const cache = new MediaCache(tempDir());
    const plan = planDrag(cache, { connectionId, itemId: 'nothing', name: 'n.png', previewWhileDownloading: true });
    expect(plan).toMatchObject({ ready: false, preview: undefined });
    expect(plan.missing).toHaveLength(1);
    expect(existsSync(plan.preview ?? '/nonexistent')).toBe(false);
  });
});

describe('dragPlanner (what both compositions call)', () => {
  it('tells the page about every result main could not carry, and nothing about the ones it did', async () => {
    const cache = new MediaCache(tempDir());
    const p = provider(await pngBytes(200, 100));
    await cache.original(connectionId, 'here', p, signal());
    const hub = new EventHub();
    const heard: unknown[] = [];
    hub.subscribe((name, payload) => heard.push({ name, payload }));
    const plan = dragPlanner(cache, hub);

    plan({ connectionId, itemId: 'here', others: [{ connectionId, itemId: 'away' }] });
    expect(heard).toEqual([{ name: 'drag.notReady', payload: { connectionId, itemId: 'away' } }]);

    // Cleared since the page heard it was ready: the dragged result itself is refused and reported.
    await cache.clear();
    heard.length = 0;
    expect(plan({ connectionId, itemId: 'here' }).ready).toBe(false);
    expect(heard).toEqual([{ name: 'drag.notReady', payload: { connectionId, itemId: 'here' } }]);
  });
});
