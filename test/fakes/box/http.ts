import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { linkOf } from '../link';
import type { FakeBoxState, LoggedRequest } from './state';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Writes the answer itself (fault probes: truncated or stalled bodies). */
  send?: (res: ServerResponse) => void;
}

export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  /** Resolves when the client goes away before the answer is complete. */
  closed: Promise<void>;
  isClosed(): boolean;
  form(): Promise<URLSearchParams>;
  /** The raw body (uploads), read at most `bytesPerSecond` fast when given (a slow uplink). */
  bytes(bytesPerSecond?: number): Promise<Buffer>;
}

export type Handler = (request: FakeRequest) => Promise<Reply>;

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** One of the fake's hosts on 127.0.0.1 with a random port (or `port` when given). */
export async function startHost(host: LoggedRequest['host'], state: FakeBoxState, handler: Handler, port = 0): Promise<RunningServer> {
  const server: Server = createServer((req, res) => void serve(host, state, handler, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${boundPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(host: LoggedRequest['host'], state: FakeBoxState, handler: Handler, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const entry: LoggedRequest = {
    host,
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    authorization: req.headers.authorization !== undefined,
    aborted: false,
  };
  state.requests.push(entry);
  // On arrival, before the link's round trip: tests see what was asked while it is still pending.
  state.events.emit('request', entry);
  let closed = false;
  const closedPromise = new Promise<void>((resolve) => {
    res.on('close', () => {
      if (!res.writableFinished) {
        closed = true;
        entry.aborted = true;
        state.events.emit('request-aborted', entry);
      }
      resolve();
    });
  });
  let body: Promise<Buffer> | undefined;
  const request: FakeRequest = {
    method: entry.method,
    url,
    headers: req.headers,
    closed: closedPromise,
    isClosed: () => closed,
    form: async () => new URLSearchParams((await (body ??= readBody(req))).toString('utf8')),
    bytes: (bytesPerSecond) => (body ??= readBody(req, bytesPerSecond)),
  };
  let reply: Reply;
  const link = linkOf(state);
  try {
    await link?.roundTrip();
    reply = await handler(request);
  } catch (error) {
    reply = clientError(500, 'internal_server_error', 'Internal Server Error');
    state.events.emit('fake-error', error);
  }
  if (closed) return;
  if (reply.send) return reply.send(res);
  if (link && reply.body !== undefined) return link.send(res, reply.status, reply.headers, reply.body);
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}

async function readBody(req: IncomingMessage, bytesPerSecond?: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const started = performance.now();
  let total = 0;
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
    total += (chunk as Buffer).length;
    // Not reading fills the socket's buffers, so the client can send only as fast as this reads.
    const behind = bytesPerSecond ? started + (total * 1000) / bytesPerSecond - performance.now() : 0;
    if (behind > 4) await new Promise((resolve) => setTimeout(resolve, behind));
  }
  return Buffer.concat(chunks);
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function requestId(): string {
  return randomBytes(6).toString('hex');
}

/** Box's ClientError shape (spec `ClientError`). */
export function clientError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Reply {
  return json(
    status,
    {
      type: 'error',
      status,
      code,
      ...extra,
      help_url: 'https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/',
      message,
      request_id: requestId(),
    },
    headers,
  );
}

/** Box's OAuth2Error shape: always HTTP 400 from the token endpoint. */
export function oauthError(error: string, description: string): Reply {
  return json(400, { error, error_description: description });
}

export function html(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
