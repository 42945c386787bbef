/** The app's own page is served from here; media from the second scheme (see main/electron/protocols.ts). */
export const appScheme = 'skyhook-app';
export const mediaScheme = 'skyhook-media';

/**
 * The one Content-Security-Policy of the renderer page. The app sends it as a header and
 * the build writes it into index.html (electron.vite.config.ts), so the page is covered
 * even where headers are lost; the browser bridge adds its WebSocket to `connect-src`.
 * Nothing inline, nothing remote, no plugins, no framing.
 */
export function rendererPolicy(extra: { connect?: string[] } = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
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
export const rendererMetaPolicy = (): string =>
  rendererPolicy()
    .split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
