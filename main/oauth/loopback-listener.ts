import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AppError } from '../shared/app-error';
import { escapeHtml, signInPage } from './sign-in-page';

export interface LoopbackOptions {
  port: number;
  path: string;
  expectedState: string;
  timeoutMs: number;
  signal: AbortSignal;
  /**
   * Also listen on [::1], same port: for redirect URIs that say `localhost`, which a browser
   * may resolve to either address. Otherwise another program could take [::1] on that port
   * and receive the code. Skipped only where the machine has no IPv6 loopback.
   */
  bothLoopbacks?: boolean;
}

export interface LoopbackListener {
  /** http://127.0.0.1:<port><path> */
  redirectUri: string;
  result: Promise<URLSearchParams>;
  close(): Promise<void>;
}

/** A form post from an identity provider is a few hundred bytes; anything huge is not one. */
const maxBodyBytes = 64 * 1024;

/**
 * Receives one OAuth redirect on 127.0.0.1. It answers only the callback that carries the
 * `state` it was started with (GET query or `form_post`), shows the person a page they can
 * close, and shuts itself down: after that callback, on timeout, on abort, or on close().
 */
export async function startLoopbackListener(options: LoopbackOptions): Promise<LoopbackListener> {
  const { port, path, expectedState, timeoutMs, signal } = options;
  signal.throwIfAborted();

  let settled = false;
  // Started once the server listens; cleared whenever the result settles.
  const timeout: { timer?: NodeJS.Timeout } = {};
  let resolveResult!: (params: URLSearchParams) => void;
  let rejectResult!: (reason: unknown) => void;
  const result = new Promise<URLSearchParams>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  // The caller may close() without awaiting `result`; that must not become an unhandled rejection.
  result.catch(() => undefined);

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendPage(res, 400, failurePage('Skyhook could not read this sign-in response.'));
    });
  };
  const primary = createServer(onRequest);
  const servers: Server[] = [primary];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== path) return sendPage(res, 404, failurePage('This address is not part of the Skyhook sign-in.'));
    if (settled) return sendPage(res, 410, failurePage('This sign-in has already finished. Return to Skyhook.'));
    const params = await readParams(req, url);
    if (!params) return sendPage(res, 405, failurePage('Skyhook expected the sign-in to come back as a link or a form.'));
    if (!sameState(params.get('state'), expectedState)) {
      return sendPage(
        res,
        400,
        failurePage('This sign-in response is not the one Skyhook is waiting for. Start the sign-in again from Skyhook.'),
      );
    }
    const error = params.get('error');
    if (error !== null) {
      const description = params.get('error_description') || error;
      finish(() =>
        rejectResult(
          new AppError({
            code: 'sign_in_refused',
            message: `The sign-in was not completed: ${description}`,
            fix: 'Sign in again and allow Skyhook access when the browser asks.',
          }),
        ),
      );
      return sendPage(res, 200, failurePage(`The sign-in was not completed: ${description}`), shutdown);
    }
    finish(() => resolveResult(params));
    return sendPage(res, 200, successPage(), shutdown);
  };

  let closing: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    closing ??= Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    ).then(() => undefined);
    return closing;
  };

  const finish = (settle: () => void) => {
    if (settled) return;
    settled = true;
    clearTimeout(timeout.timer);
    signal.removeEventListener('abort', onAbort);
    settle();
  };

  const onAbort = () => {
    finish(() => rejectResult(signal.reason));
    void shutdown();
  };

  await listen(primary, port, '127.0.0.1', path);
  const address = primary.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  if (options.bothLoopbacks) {
    const v6 = createServer(onRequest);
    try {
      await listen(v6, boundPort, '::1', path);
      servers.push(v6);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRNOTAVAIL' && code !== 'EAFNOSUPPORT') {
        await shutdown();
        throw error;
      }
    }
  }

  timeout.timer = setTimeout(() => {
    finish(() =>
      rejectResult(
        new AppError({
          code: 'sign_in_timeout',
          message: `The sign-in did not finish within ${Math.round(timeoutMs / 60_000) || 1} minutes.`,
          fix: 'Start the sign-in again and complete it in the browser window that opens.',
        }),
      ),
    );
    void shutdown();
  }, timeoutMs);
  timeout.timer.unref();
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();

  return {
    redirectUri: `http://127.0.0.1:${boundPort}${path}`,
    result,
    async close() {
      finish(() => rejectResult(new AppError({ code: 'cancelled', message: 'Cancelled.' })));
      await shutdown();
    },
  };
}

function listen(server: Server, port: number, host: '127.0.0.1' | '::1', path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.close();
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        reject(
          new AppError(
            {
              code: 'port_in_use',
              message: `Port ${port} on this computer is already in use, so Skyhook cannot receive the sign-in there.`,
              fix: `Close the program that uses port ${port}, or pick another port in the wizard and register http://127.0.0.1:<that port>${path} as the redirect URI in the app's settings.`,
            },
            { cause: error },
          ),
        );
      } else {
        reject(error);
      }
    };
    server.once('error', onError);
    // Loopback only: the redirect must never be reachable from another machine.
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

async function readParams(req: IncomingMessage, url: URL): Promise<URLSearchParams | undefined> {
  if (req.method === 'GET') return url.searchParams;
  if (req.method !== 'POST') return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) throw new Error('Callback body too large.');
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Constant-time comparison: the state is the only thing tying the redirect to our request. */
function sameState(received: string | null, expected: string): boolean {
  if (received === null) return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function successPage(): string {
  return signInPage('You are signed in', 'You can close this tab and return to Skyhook.');
}

function failurePage(message: string): string {
  return signInPage('Sign-in not completed', `${escapeHtml(message)}<br><br>You can close this tab and return to Skyhook.`);
}

function sendPage(res: ServerResponse, status: number, html: string, after?: () => void): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
    // The URL of this page carries the authorization code: never send it on as a referrer.
    'Referrer-Policy': 'no-referrer',
    Connection: 'close',
  });
  res.end(html, after);
}
