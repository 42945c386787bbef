import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildApp, root, runApp } from './run-app.mjs';

/**
 * `npm run demo`: the fake Box and Microsoft servers (test/fakes/*, the same ones the tests
 * use) with demo data, and Skyhook pointed at them with a fresh data folder, so anyone can
 * try every wizard and a search without accounts. Ctrl+C stops everything.
 * `--no-build` runs what is already in out/ (the tests, after their own build).
 */

/** Starts a fake's cli.ts and resolves with its KEY=value lines once `lastKey` has arrived. */
function startFake(script, lastKey) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, script)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const values = {};
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} stopped (exit ${code}) before it was ready`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const at = line.indexOf('=');
      if (at > 0) values[line.slice(0, at)] = line.slice(at + 1);
      if (line.startsWith(`${lastKey}=`)) resolve({ child, values });
    });
  });
}

if (!process.argv.includes('--no-build')) buildApp();
const fakes = [];
const stopFakes = async () => {
  for (const { child } of fakes) child.kill('SIGTERM');
};
try {
  fakes.push(await startFake('test/fakes/box/cli.ts', 'FAKE_BOX_OAUTH_USER'));
  fakes.push(await startFake('test/fakes/microsoft/cli.ts', 'FAKE_MS_READY'));
} catch (error) {
  console.error(String(error));
  await stopFakes();
  process.exit(1);
}
const [{ values: box }, { values: ms }] = fakes;
const dataDir = mkdtempSync(join(tmpdir(), 'skyhook-demo-'));

const cheatSheet = `
Demo accounts (fake Box and Microsoft servers on this computer; nothing leaves it):

  Box — Client Credentials   Client ID ${box.FAKE_BOX_CCG_CLIENT_ID}
                             Client secret ${box.FAKE_BOX_CCG_CLIENT_SECRET}
                             Enterprise ID ${box.FAKE_BOX_ENTERPRISE_ID}
  Box — JWT                  config.json: ${box.FAKE_BOX_JWT_CONFIG}
  Box — OAuth 2.0            Client ID ${box.FAKE_BOX_OAUTH_CLIENT_ID}
                             Client secret ${box.FAKE_BOX_OAUTH_CLIENT_SECRET} (any redirect port; sign in as ${box.FAKE_BOX_OAUTH_USER})
  OneDrive                   Tenant ID ${ms.FAKE_MS_TENANT_ID}
                             Client ID ${ms.FAKE_MS_PUBLIC_CLIENT_ID} (Mobile and desktop applications)
                             Sign in as ${ms.FAKE_MS_USER}, password ${ms.FAKE_MS_PASSWORD}

Then search for "file" (Box) or "beach" (OneDrive). Settings of this demo live in ${dataDir} and are removed when it stops.
`;

runApp({
  env: {
    SKYHOOK_DATA_DIR: dataDir,
    SKYHOOK_POLICY_FILE: '',
    SKYHOOK_BOX_API_URL: box.FAKE_BOX_API_URL,
    SKYHOOK_BOX_ACCOUNT_URL: box.FAKE_BOX_ACCOUNT_URL,
    SKYHOOK_BOX_APP_URL: box.FAKE_BOX_APP_URL,
    SKYHOOK_MS_AUTHORITY_HOST: ms.SKYHOOK_MS_AUTHORITY_HOST,
    SKYHOOK_GRAPH_URL: ms.SKYHOOK_GRAPH_URL,
  },
  onStarted: () => console.log(cheatSheet),
  onExit: async () => {
    await stopFakes();
    rmSync(dataDir, { recursive: true, force: true });
  },
});
