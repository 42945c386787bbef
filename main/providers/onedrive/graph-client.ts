import { fetchWithRetry } from '../../http/retrying-fetch';
import { AppError, cancelledError, isAbortError } from '../../shared/app-error';
import { graphError, networkError, type GraphTarget } from './diagnostics';

export interface GraphClientDeps {
  fetch: typeof fetch;
  /** Graph host without version, e.g. https://graph.microsoft.com. */
  graphUrl: string;
  accessToken(forceRefresh: boolean): Promise<string>;
}

/**
 * Authenticated Graph v1.0 requests: bearer token, 429/503 Retry-After (bounded), one
 * silent refresh and retry on 401, Graph error bodies turned into AppErrors. The token
 * goes to the Graph host only — never to a URL Graph hands back (downloads, thumbnails).
 */
export class GraphClient {
  readonly base: string;

  constructor(private readonly deps: GraphClientDeps) {
    this.base = `${deps.graphUrl}/v1.0`;
  }

  /** Accepts a path below /v1.0 or an absolute URL that must live on the configured Graph host. */
  resolve(pathOrUrl: string): string {
    if (pathOrUrl.startsWith('/')) return this.base + pathOrUrl;
    if (!pathOrUrl.startsWith(this.base + '/')) {
      throw new AppError({
        code: 'invalid_cursor',
        message: 'That page of results does not belong to this connection.',
        fix: 'Search again.',
      });
    }
    return pathOrUrl;
  }

  async json<T>(pathOrUrl: string, target: GraphTarget, signal: AbortSignal): Promise<T> {
    const response = await this.send(pathOrUrl, target, signal);
    return (await response.json()) as T;
  }

  /** The raw answer (for /content, whose 302 we follow ourselves without the token). */
  async send(pathOrUrl: string, target: GraphTarget, signal: AbortSignal, redirect: 'follow' | 'manual' = 'follow'): Promise<Response> {
    const url = this.resolve(pathOrUrl);
    for (let attempt = 0; ; attempt++) {
      const token = await this.deps.accessToken(attempt > 0);
      let response: Response;
      try {
        response = await fetchWithRetry(this.deps.fetch, url, {
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          redirect,
          signal,
        });
      } catch (error) {
        throw transportError(error, signal, url);
      }
      if (response.status === 401 && attempt === 0) {
        // Revoked or expired early: one silent refresh, then the same request again.
        await response.body?.cancel();
        continue;
      }
      if (response.ok || (redirect === 'manual' && response.status >= 300 && response.status < 400)) return response;
      throw graphError(response.status, await errorCodeOf(response), target);
    }
  }
}

/** Aborts become `cancelled`, AppErrors (rate limits) pass, anything else is the network. */
export function transportError(error: unknown, signal: AbortSignal, url: string): AppError {
  if (error instanceof AppError) return error;
  if (signal.aborted || isAbortError(error)) return cancelledError();
  return networkError(new URL(url).host, error);
}

async function errorCodeOf(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code : undefined;
  } catch {
    return undefined;
  }
}
