import { createHash } from 'node:crypto';

/** The app's own page is served from here; media from the second scheme (see main/electron/protocols.ts). */
export const appScheme = 'skyhook-app';
export const mediaScheme = 'skyhook-media';

/**
 * The one Content-Security-Policy of the renderer page. The app sends it as a header and
 * the build writes it into index.html (electron.vite.config.ts), so the page is covered
 * even where headers are lost; the browser bridge adds its WebSocket to `connect-src`.
 * No inline script, nothing remote, no plugins, no framing; the one inline style is the
 * page's own style sheet, allowed by its hash (`inlineStyleHashes`).
 */
export function rendererPolicy(extra: { connect?: string[]; styleHashes?: string[] } = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", ...(extra.styleHashes ?? []).map((hash) => `'${hash}'`)],
    'img-src': ["'self'", 'data:', `${mediaScheme}:`],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...(extra.connect ?? [])],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** `frame-ancestors` is ignored in a meta tag (browsers warn), so the page's copy leaves it out. */
export const rendererMetaPolicy = (styleHashes: string[] = []): string =>
  rendererPolicy({ styleHashes })
    .split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');

/**
 * The CSP hash sources of the `<style>` blocks in a built page: the build inlines the page's
 * style sheet, so its first paint waits for no request (issue #13, fast start), and both the
 * page's meta policy and the headers main sends allow exactly that text.
 */
export function inlineStyleHashes(html: string): string[] {
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (match) =>
      `sha256-${createHash('sha256')
        .update(match[1] ?? '', 'utf8')
        .digest('base64')}`,
  );
}
