/**
 * Serves the fake Box with demo data until SIGTERM/SIGINT, for screenshots and e2e runs:
 *
 *   node --import tsx test/fakes/box/cli.ts
 *
 * Prints one KEY=value line each: the URLs (point SKYHOOK_BOX_API_URL, SKYHOOK_BOX_ACCOUNT_URL
 * and SKYHOOK_BOX_APP_URL at them), the demo credentials, and the path of the JWT app's
 * config.json. Optional environment: FAKE_BOX_API_PORT, FAKE_BOX_ACCOUNT_PORT,
 * FAKE_BOX_DOWNLOAD_PORT (fixed ports), FAKE_BOX_REDIRECT_URIS (comma list; default: any
 * http://127.0.0.1:<port>/ redirect is accepted).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from './demo';
import { startFakeBox } from './index';
import { boxConfigJson } from './jwt-keys';

const port = (name: string) => (process.env[name] ? Number(process.env[name]) : 0);

const box = await startFakeBox({
  ports: { api: port('FAKE_BOX_API_PORT'), account: port('FAKE_BOX_ACCOUNT_PORT'), download: port('FAKE_BOX_DOWNLOAD_PORT') },
});
const redirectUris = process.env.FAKE_BOX_REDIRECT_URIS?.split(',').filter(Boolean);
const demo = await seedDemo(box.state, redirectUris ? { redirectUris } : {});
const dir = mkdtempSync(join(tmpdir(), 'fake-box-'));
const configPath = join(dir, `${demo.jwt.enterpriseId}_${demo.jwtKey.publicKeyId}_config.json`);
writeFileSync(configPath, boxConfigJson(demo.jwt, demo.jwtKey), { mode: 0o600 });

const lines: Record<string, string> = {
  FAKE_BOX_API_URL: box.apiUrl,
  FAKE_BOX_ACCOUNT_URL: box.accountUrl,
  FAKE_BOX_APP_URL: box.appUrl,
  FAKE_BOX_DOWNLOAD_URL: box.downloadUrl,
  FAKE_BOX_ENTERPRISE_ID: demo.ccg.enterpriseId,
  FAKE_BOX_CCG_CLIENT_ID: demo.ccg.clientId,
  FAKE_BOX_CCG_CLIENT_SECRET: demo.ccg.clientSecret,
  FAKE_BOX_CCG_SERVICE_ACCOUNT: box.state.serviceAccount(demo.ccg).login,
  FAKE_BOX_JWT_CONFIG: configPath,
  FAKE_BOX_JWT_SERVICE_ACCOUNT: box.state.serviceAccount(demo.jwt).login,
  FAKE_BOX_OAUTH_CLIENT_ID: demo.oauth.clientId,
  FAKE_BOX_OAUTH_CLIENT_SECRET: demo.oauth.clientSecret,
  FAKE_BOX_OAUTH_USER: demo.designer.login,
};
for (const [key, value] of Object.entries(lines)) process.stdout.write(`${key}=${value}\n`);

const stop = async () => {
  await box.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
