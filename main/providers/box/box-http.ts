import type { Authentication, NetworkSession } from 'box-node-sdk/networking';
import { defaultRetryPolicy, fetchWithRetry, type RetryPolicy } from '../../http/retrying-fetch';
import { AppError } from '../../shared/app-error';
import { diagnose, networkError, type BoxOperation, type DiagnosticContext } from './diagnostics';

export interface BoxRequest {
  url: string;
  method?: 'GET' | 'POST' | 'OPTIONS' | 'PUT' | 'DELETE';
  query?: Readonly<Record<string, string>>;
  headers?: Readonly<Record<string, string>>;
  /** Bytes (an upload part) are replayed as they are when a 429/503 is retried. */
  body?: string | Uint8Array<ArrayBuffer>;
  contentType?: string;
  /** Adds `Authorization: Bearer …` from this authentication. */
  auth?: Authentication;
  session?: NetworkSession;
  signal?: AbortSignal;
  operation: BoxOperation;
  /** `grant_type` of a token request, for diagnostics. */
  grant?: string;
  /** Statuses besides 2xx the caller handles itself (202 pending, 302 redirect). */
  accept?: readonly number[];
}

/** An Authentication that can renew a token Box has just rejected (TokenKeeper). */
interface RenewingAuth extends Authentication {
  renewRejected(token: string, networkSession?: NetworkSession): Promise<void>;
}

const canRenew = (auth: Authentication): auth is RenewingAuth => 'renewRejected' in auth;

/**
 * Every byte to and from Box goes through here, with the injected fetch: the SDK through
 * its network client adapter and our own calls (thumbnails, downloads) directly. One place
 * for retries (429/503 with Retry-After, bounded), cancellation, a single renewal after a
 * 401, never following redirects blindly (a pre-authenticated download URL must not get
 * the token), and turning failures into AppErrors with a step to fix.
 */
export class BoxHttp {
  private readonly never = new AbortController().signal;

  constructor(
    private readonly fetchFn: typeof fetch,
    private readonly context: DiagnosticContext,
    private readonly retry: RetryPolicy = defaultRetryPolicy,
  ) {}

  async send(request: BoxRequest): Promise<Response> {
    const signal = request.signal ?? this.never;
    const url = withQuery(request.url, request.query);
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { ...request.headers };
      let token: string | undefined;
      if (request.auth) {
        headers.Authorization = await request.auth.retrieveAuthorizationHeader(request.session);
        token = headers.Authorization.replace(/^Bearer /, '');
      }
      if (request.body !== undefined) headers['Content-Type'] = request.contentType ?? 'application/x-www-form-urlencoded';

      let response: Response;
      try {
        response = await fetchWithRetry(
          this.fetchFn,
          url,
          { method: request.method ?? 'GET', headers, body: request.body, signal, redirect: 'manual' },
          this.retry,
        );
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (error instanceof AppError) throw error;
        throw networkError(url, error);
      }

      const { status } = response;
      if ((status >= 200 && status < 300 && status !== 202) || request.accept?.includes(status)) return response;
      if (status === 401 && token !== undefined && attempt === 0 && request.auth && canRenew(request.auth)) {
        await response.body?.cancel();
        await request.auth.renewRejected(token, request.session);
        continue;
      }
      if (status === 202) {
        // Only the callers that expect "not ready yet" accept 202; anywhere else it is a failure to report.
        await response.body?.cancel();
        throw new AppError({ code: 'box_not_ready', message: 'Box is still preparing this file.', fix: 'Try again in a moment.' });
      }
      const body = await readJson(response);
      throw diagnose({ operation: request.operation, status, grant: request.grant, body }, this.context);
    }
  }
}

export function withQuery(url: string, query: Readonly<Record<string, string>> | undefined): string {
  if (!query || Object.keys(query).length === 0) return url;
  const target = new URL(url);
  for (const [key, value] of Object.entries(query)) target.searchParams.set(key, value);
  return target.toString();
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
