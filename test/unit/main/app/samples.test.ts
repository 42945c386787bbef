import { describe, expect, it } from 'vitest';
import { retireSamples, type SamplesServices } from '../../../../main/app/samples';

interface Row {
  id: string;
  kind: string;
  enabled: boolean;
  config: Record<string, unknown>;
}

function world(rows: Row[]) {
  const values: Record<string, unknown> = { samplesRetired: false };
  const services: SamplesServices = {
    samplesDir: '/opt/skyhook/assets/samples',
    registry: {
      records: () => rows as never,
      setEnabled: async (id, enabled) => {
        const row = rows.find((r) => r.id === id);
        if (row) row.enabled = enabled;
        return {} as never;
      },
    },
    settings: { get: ((key: string) => values[key]) as never, set: ((key: string, value: unknown) => (values[key] = value)) as never },
  };
  return { rows, values, services };
}

const samples = (): Row => ({ id: 's', kind: 'local', enabled: true, config: { folder: '/opt/skyhook/assets/samples/' } });

describe('retireSamples', () => {
  it('leaves Samples on beside other local folders, and turns them off once a cloud connection arrives', async () => {
    const w = world([samples(), { id: 'f', kind: 'local', enabled: true, config: { folder: '/home/ada/Pictures' } }]);
    expect(await retireSamples(w.services)).toBe(false);
    expect(w.rows[0]?.enabled).toBe(true);
    w.rows.push({ id: 'b', kind: 'box-ccg', enabled: true, config: {} });
    expect(await retireSamples(w.services)).toBe(true);
    expect(w.rows[0]?.enabled).toBe(false);
  });

  it('does it only once: Samples turned back on stay on', async () => {
    const w = world([samples(), { id: 'o', kind: 'onedrive', enabled: true, config: {} }]);
    await retireSamples(w.services);
    const first = w.rows[0];
    if (first) first.enabled = true;
    w.rows.push({ id: 'b', kind: 'box-oauth', enabled: true, config: {} });
    expect(await retireSamples(w.services)).toBe(false);
    expect(w.rows[0]?.enabled).toBe(true);
  });
});
