import { net, protocol } from 'electron';
import { readFileSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appScheme, inlineStyleHashes, mediaScheme, rendererPolicy } from '../shared/content-security-policy';

export const appOrigin = `${appScheme}://app`;

/**
 * True for the app's own pages. Compares scheme and host: Node's URL gives custom
 * schemes an opaque origin ("null"), so comparing `.origin` would reject everything.
 */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${appScheme}:` && parsed.host === 'app';
  } catch {
    return false;
  }
}

/**
 * Must run before `app.whenReady()`. The app's scheme keeps V8's code cache (Electron enables
 * it only for http(s) otherwise): from the second start on, the page's scripts are not
 * compiled again before the app can run (issue #13, fast start).
 */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    { scheme: mediaScheme, privileges: { standard: true, secure: true } },
  ]);
}

/**
 * The renderer is served from `skyhook-app://app/` (not file://, so the page has an
 * origin to check and nothing else on disk is reachable), with the CSP as a header.
 */
export function handleAppProtocol(rendererDir: string): void {
  const csp = rendererPolicy({ styleHashes: inlineStyleHashes(readFileSync(join(rendererDir, 'index.html'), 'utf8')) });
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const file = normalize(join(rendererDir, decodeURIComponent(url.pathname)));
    if (url.host !== 'app' || !file.startsWith(rendererDir + sep)) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

/** Thumbnails reach `<img>` from the disk cache: no base64 over IPC, no token in the page. */
export function handleMediaProtocol(resolve: (path: string, signal: AbortSignal) => Promise<string>): void {
  protocol.handle(mediaScheme, async (request) => {
    const url = new URL(request.url);
    try {
      const file = await resolve(`${url.host}${url.pathname}`, request.signal);
      return net.fetch(pathToFileURL(file).toString());
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
