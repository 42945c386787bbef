import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineStyleHashes, rendererMetaPolicy, rendererPolicy } from '../../../../main/shared/content-security-policy';

const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('the renderer Content-Security-Policy', () => {
  it('allows only the page itself, data: images and the media scheme; nothing inline, no framing', () => {
    const csp = directives(rendererPolicy());
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'skyhook-media:']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('lets the bridge add its WebSocket to connect-src only', () => {
    const csp = directives(rendererPolicy({ connect: ['ws://127.0.0.1:5555'] }));
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:5555']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });

  it('is defined once: the page source carries none of its own, the build writes the same policy minus frame-ancestors', () => {
    const html = readFileSync(resolve(import.meta.dirname, '../../../../renderer/index.html'), 'utf8');
    expect(html).not.toMatch(/http-equiv="Content-Security-Policy"/);
    expect(rendererMetaPolicy()).toBe(rendererPolicy().replace("; frame-ancestors 'none'", ''));
  });

  it('allows the inline style sheet the build wrote by the hash of its exact text, nothing more', () => {
    const css = ':root{--a:#fff}\n.chips:empty::before{content:"Loading connections…"}';
    const page = `<head><style>${css}</style><link rel="stylesheet" href="./x.css"></head>`;
    const hash = `sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}`;
    expect(inlineStyleHashes(page)).toEqual([hash]);
    expect(inlineStyleHashes('<head></head>')).toEqual([]);
    expect(directives(rendererPolicy({ styleHashes: [hash] })).get('style-src')).toEqual(["'self'", `'${hash}'`]);
    expect(directives(rendererMetaPolicy([hash])).get('style-src')).toEqual(["'self'", `'${hash}'`]);
    expect(directives(rendererPolicy({ styleHashes: [hash] })).get('script-src')).toEqual(["'self'"]);
  });
});
