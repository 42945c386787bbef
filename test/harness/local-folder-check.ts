import { localFolderProvider } from '../../main/providers/local/local-folder';
import { defaultEndpoints } from '../../main/http/endpoints';
import { silentLogger } from '../../main/shared/logger';

/**
 * `local-folder-check.ts <folder>`: tests and searches a local connection and prints
 * `RESULT=<json>`. Run as an unprivileged user by the reliability probes, because root
 * reads every folder whatever its mode.
 */
const folder = process.argv[2];
if (!folder) throw new Error('usage: local-folder-check.ts <folder>');
const provider = localFolderProvider({
  config: { folder },
  context: {
    connectionId: '00000000-0000-4000-8000-000000000000',
    fetch: globalThis.fetch,
    secrets: { get: async () => undefined, set: async () => undefined, delete: async () => undefined },
    endpoints: defaultEndpoints,
    openExternal: async () => undefined,
    log: silentLogger,
  },
});
const signal = AbortSignal.timeout(60_000);
try {
  const report = await provider.test(signal);
  const page = await provider.search('img', undefined, signal);
  process.stdout.write(`RESULT=${JSON.stringify({ ok: true, visible: report.visibleImages, total: page.total, details: report.details })}\n`);
} catch (error) {
  process.stdout.write(`RESULT=${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}\n`);
}
