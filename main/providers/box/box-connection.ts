import { createHash } from 'node:crypto';
import { BoxClient } from 'box-node-sdk';
import { BaseUrls, NetworkSession, type Authentication } from 'box-node-sdk/networking';
import type { ProviderContext } from '../provider';
import { BoxHttp } from './box-http';
import { BoxMedia } from './box-media';
import { missingSecret, type BoxMode, type DiagnosticContext } from './diagnostics';
import { SdkNetworkClient } from './sdk-network-client';
import { TokenKeeper, type KeeperSetup } from './token-keeper';

export interface BoxConnection<A extends Authentication> {
  mode: BoxMode;
  context: ProviderContext;
  http: BoxHttp;
  session: NetworkSession;
  keeper: TokenKeeper<A>;
  client: BoxClient;
  media: BoxMedia;
}

export interface ConnectOptions<A extends Authentication> {
  context: ProviderContext;
  diagnostics: DiagnosticContext;
  interactive: boolean;
  /** Reads the secrets and builds the SDK authentication, storing tokens where `session` can reach them. */
  setup: (session: NetworkSession) => Promise<KeeperSetup<A>>;
}

/**
 * Wires the SDK to our endpoints and our fetch: its base URLs come from the configured
 * endpoints (so a proxy, a national cloud or a test server work), its network client is
 * ours, and its Authentication is the TokenKeeper that reuses and renews tokens.
 */
export function connectBox<A extends Authentication>(options: ConnectOptions<A>): BoxConnection<A> {
  const { context, diagnostics } = options;
  const http = new BoxHttp(context.fetch, diagnostics);
  const session = new NetworkSession({
    baseUrls: new BaseUrls({
      // The SDK appends /2.0/… and /oauth2/token itself.
      baseUrl: context.endpoints.boxApi,
      oauth2Url: `${context.endpoints.boxAccount}/api/oauth2`,
    }),
    networkClient: new SdkNetworkClient(http),
  });
  const keeper = new TokenKeeper<A>({
    lockKey: `box:${context.connectionId}`,
    session: () => session,
    setup: () => options.setup(session),
    interactive: options.interactive,
  });
  const client = new BoxClient({ auth: keeper, networkSession: session });
  const media = new BoxMedia({ http, keeper, client, apiBase: context.endpoints.boxApi });
  return { mode: diagnostics.mode, context, http, session, keeper, client, media };
}

export async function readSecret(context: ProviderContext, name: string, mode: BoxMode, label: string): Promise<string> {
  const value = await context.secrets.get(name);
  if (!value) throw missingSecret(mode, label);
  return value;
}

/** Identifies the credentials a stored token belongs to, without keeping them in the clear. */
export function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
