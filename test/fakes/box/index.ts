import { accountHandler } from './account';
import { apiHandler, type Hosts } from './api';
import { downloadHandler } from './download';
import { realtimeHandler } from './events';
import { startHost } from './http';
import { FakeBoxState } from './state';

export { FakeBoxState } from './state';
export type { AuthMethod, FakeApp, FakeFile, FakeFolder, FakeUser, LoggedRequest } from './state';
export type { BoxEventType, FakeEvent } from './changes';
export { boxConfigJson, generateJwtKeyPair, type JwtKeyPair } from './jwt-keys';
export { answerAuthorizePage } from './browser';

export interface FakeBoxOptions {
  /** Fixed ports (the CLI); 0 or absent means a random free port. */
  ports?: { api?: number; account?: number; download?: number };
}

export interface FakeBox {
  /** Token endpoint at `${apiUrl}/oauth2/token`, API under `${apiUrl}/2.0`. */
  apiUrl: string;
  /** Authorize page at `${accountUrl}/api/oauth2/authorize`. */
  accountUrl: string;
  /** Where `/file/{id}` pages live (same server as the account host). */
  appUrl: string;
  /** The second host /content redirects to (dl.boxcloud.com). */
  downloadUrl: string;
  /** The real-time (long-poll) server OPTIONS /2.0/events names. */
  realtimeUrl: string;
  state: FakeBoxState;
  close(): Promise<void>;
}

/** A fake Box on 127.0.0.1: API host, account host and download host. */
export async function startFakeBox(options: FakeBoxOptions = {}): Promise<FakeBox> {
  const state = new FakeBoxState();
  const hosts: Hosts = { apiUrl: '', appUrl: '', downloadUrl: '', realtimeUrl: '' };
  const api = await startHost('api', state, apiHandler(state, hosts), options.ports?.api);
  const account = await startHost('account', state, accountHandler(state), options.ports?.account);
  const download = await startHost('download', state, downloadHandler(state), options.ports?.download);
  const realtime = await startHost('realtime', state, realtimeHandler(state));
  hosts.apiUrl = api.url;
  hosts.realtimeUrl = realtime.url;
  hosts.appUrl = account.url;
  hosts.downloadUrl = download.url;
  return {
    apiUrl: api.url,
    accountUrl: account.url,
    appUrl: account.url,
    downloadUrl: download.url,
    realtimeUrl: realtime.url,
    state,
    close: async () => {
      await Promise.all([api.close(), account.close(), download.close(), realtime.close()]);
    },
  };
}
