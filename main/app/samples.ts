import { resolve } from 'node:path';
import type { ConnectionRegistry } from '../connections/registry';
import { afterCalls } from '../ipc/after-calls';
import type { HandlerTable } from '../ipc/handler-table';
import type { PanelSettings } from '../settings/settings-store';

export interface SamplesServices {
  registry: Pick<ConnectionRegistry, 'records' | 'setEnabled'>;
  settings: Pick<PanelSettings, 'get' | 'set'>;
  samplesDir: string;
}

/** The bundled Samples connection: a local folder pointing at the shipped samples. */
const isSamples = (record: { kind: string; config: Record<string, unknown> }, samplesDir: string) =>
  record.kind === 'local' && typeof record.config.folder === 'string' && resolve(record.config.folder) === resolve(samplesDir);

/**
 * Samples are for the first minutes: once a cloud connection (Box, OneDrive) brings the
 * company's images they would only crowd them, so they are turned off, once. A second
 * local folder does not count (designers keep their own folders beside the samples).
 * Turning Samples back on is the person's choice and sticks: the flag is never cleared.
 */
export async function retireSamples(s: SamplesServices): Promise<boolean> {
  if (s.settings.get('samplesRetired')) return false;
  const records = s.registry.records();
  const samples = records.find((r) => isSamples(r, s.samplesDir));
  if (!records.some((r) => r.kind !== 'local')) return false;
  s.settings.set('samplesRetired', true);
  if (!samples?.enabled) return false;
  await s.registry.setEnabled(samples.id, false);
  return true;
}

/** The channels that add connections: after each, Samples may retire. */
const addsConnections = ['connections.save', 'profiles.import'] as const;

export function withSamplesRetired(handlers: HandlerTable, s: SamplesServices): HandlerTable {
  return afterCalls(handlers, addsConnections, async () => {
    await retireSamples(s);
  });
}
