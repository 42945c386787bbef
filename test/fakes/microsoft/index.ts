import { downloadHandler } from './download';
import { graphHandler } from './graph';
import { listen } from './http';
import { identityHandler } from './identity';
import { FakeMicrosoftState, type FakeOptions } from './state';

export { FakeMicrosoftState } from './state';
export type {
  Departure,
  FakeApp,
  FakeDrive,
  FakeItem,
  FakeOptions,
  FakeSecret,
  FakeTenant,
  FakeUser,
  HoldHandle,
  RequestRecord,
  TokenRequestRecord,
} from './state';
export { aadsts } from './aadsts';

export interface FakeMicrosoft {
  /** Identity platform host, e.g. `http://127.0.0.1:51234` (authority = `${authorityHost}/${tenant}`). */
  authorityHost: string;
  /** Graph host without the version: `${graphUrl}/v1.0/me`. */
  graphUrl: string;
  /** Where thumbnails, downloads and web pages live; rejects Authorization headers. */
  downloadUrl: string;
  state: FakeMicrosoftState;
  close(): Promise<void>;
}

export interface StartFakeMicrosoftOptions extends FakeOptions {
  /** Fills the directory and drives before the first request. */
  seed?: (state: FakeMicrosoftState) => void;
}

/**
 * A faithful stand-in for login.microsoftonline.com, graph.microsoft.com and the
 * download host, each on its own 127.0.0.1 port (see ../../../../shared/reference/microsoft.md).
 */
export async function startFakeMicrosoft(options: StartFakeMicrosoftOptions = {}): Promise<FakeMicrosoft> {
  const state = new FakeMicrosoftState(options);
  const identity = await listen(identityHandler(state));
  const graph = await listen(graphHandler(state));
  const download = await listen(downloadHandler(state));
  state.urls = { authorityHost: identity.url, graphUrl: graph.url, downloadUrl: download.url };
  options.seed?.(state);
  return {
    authorityHost: identity.url,
    graphUrl: graph.url,
    downloadUrl: download.url,
    state,
    close: async () => {
      await Promise.all([identity.close(), graph.close(), download.close()]);
    },
  };
}
