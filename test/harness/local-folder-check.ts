import { localProvider } from './local-provider';

/**
 * `local-folder-check.ts <folder>`: tests and searches a local connection and prints
 * `RESULT=<json>`. Run as an unprivileged user by the reliability probes, because root
 * reads every folder whatever its mode.
 */
const folder = process.argv[2];
if (!folder) throw new Error('usage: local-folder-check.ts <folder>');
const provider = localProvider(folder);
const signal = AbortSignal.timeout(60_000);
try {
  const report = await provider.test(signal);
  const page = await provider.search('img', undefined, signal);
  process.stdout.write(
    `RESULT=${JSON.stringify({ ok: true, visible: report.visibleImages, total: page.total, details: report.details })}\n`,
  );
} catch (error) {
  process.stdout.write(`RESULT=${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}\n`);
}
