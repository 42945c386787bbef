import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NameIndexService } from '../../../main/index/name-index-service';
import { createLocalIndexSource } from '../../../main/providers/local/local-index-source';
import { silentLogger } from '../../../main/shared/logger';
import { useTempDirs } from '../../harness/unit';

const tempDir = useTempDirs();
const id = '6f1c1d2e-0000-4000-8000-000000000002';
const services: NameIndexService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
});

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`never: ${what}`);
}

describe('local folder index source', () => {
  it('indexes a folder, then follows uploads, renames, folder moves and deletes through the watcher', async () => {
    const folder = tempDir();
    mkdirSync(join(folder, 'shoots', 'beach'), { recursive: true });
    writeFileSync(join(folder, 'ocean-hero.png'), 'x');
    writeFileSync(join(folder, 'shoots', 'beach', 'IMG_20240412_0931.jpg'), 'x');
    writeFileSync(join(folder, 'notes.txt'), 'not an image');
    mkdirSync(join(folder, '.hidden'));
    writeFileSync(join(folder, '.hidden', 'secret.png'), 'x');

    const service = new NameIndexService({ root: tempDir(), log: silentLogger, events: { emit: () => undefined }, retryDelayMs: () => 10 });
    services.push(service);
    await service.sync([
      { id, indexed: true, config: { folder }, account: async () => null, source: () => createLocalIndexSource(folder) },
    ]);
    await until(() => service.status(id).state === 'live', 'live');
    const names = async (text: string) => (await service.search(id, text, 0, 50))?.hits.map((h) => `${h.path}|${h.name}`).sort() ?? [];
    expect(await names('png')).toEqual(['/|ocean-hero.png']);
    expect(await names('0412')).toEqual(['shoots/beach|IMG_20240412_0931.jpg']);

    writeFileSync(join(folder, 'sunset.webp'), 'x');
    await until(async () => (await names('unse')).length === 1, 'new file indexed');
    renameSync(join(folder, 'ocean-hero.png'), join(folder, 'sea-hero.png'));
    await until(async () => (await names('hero')).join() === '/|sea-hero.png', 'rename followed');
    renameSync(join(folder, 'shoots'), join(folder, 'archive'));
    await until(async () => (await names('0412')).join() === 'archive/beach|IMG_20240412_0931.jpg', 'folder move followed');
    rmSync(join(folder, 'archive'), { recursive: true });
    await until(async () => (await names('0412')).length === 0, 'folder delete followed');
    expect(service.status(id).state).toBe('live');
  });
});
