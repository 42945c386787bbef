import { describe, expect, it } from 'vitest';
import { consoleLogger, redact } from '../../../../main/shared/logger';

const secrets = {
  clientSecret: 'cs-value',
  client_secret: 'cs2-value',
  access_token: 'at-value',
  refreshToken: 'rt-value',
  password: 'pw-value',
  passphrase: 'pp-value',
  privateKey: 'pk-value',
  client_assertion: 'ca-value',
  Authorization: 'Bearer auth-value',
  code_verifier: 'cv-value',
};
const plain = { id: 'conn-1', status: 429, url: 'https://api.box.com/2.0/search', count: 3, nested: { ok: true } };

describe('redact', () => {
  it('replaces every secret-looking field name, in any case, and keeps the rest as they were', () => {
    const out = redact({ ...secrets, ...plain });
    for (const name of Object.keys(secrets)) expect(out?.[name], name).toBe('[redacted]');
    expect(out).toMatchObject(plain);
    expect(redact({ ACCESS_TOKEN: 'x', SecretName: 'y' })).toEqual({ ACCESS_TOKEN: '[redacted]', SecretName: '[redacted]' });
  });

  it('redacts secret-looking names at every depth, in arrays too', () => {
    const out = redact({
      request: { headers: { Authorization: 'Bearer deep-1' }, body: [{ client_secret: 'deep-2' }] },
      a: { b: { c: { refresh_token: 'deep-3' } } },
    });
    const text = JSON.stringify(out);
    for (const value of ['deep-1', 'deep-2', 'deep-3']) expect(text).not.toContain(value);
    expect(out).toEqual({
      request: { headers: { Authorization: '[redacted]' }, body: [{ client_secret: '[redacted]' }] },
      a: { b: { c: { refresh_token: '[redacted]' } } },
    });
  });

  it('cuts credentials out of values whatever the field is called', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLXZhbHVl';
    const pem = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFLTBXBgkqhkiG9w0BBQ0w\n-----END ENCRYPTED PRIVATE KEY-----';
    const out = redact({
      url: 'https://host/cb?code=abc123&state=st-456&x=1',
      body: 'grant_type=refresh_token&refresh_token=rt-789&client_secret=cs-000',
      header: 'bearer tok-111',
      json: '{"access_token":"at-222","expires_in":3600}',
      note: `assertion ${jwt} and ${pem}`,
      list: ['Basic dXNlcjpwYXNz'],
      error: new Error('request to https://x/?access_token=at-333 failed'),
    });
    const text = JSON.stringify(out);
    for (const value of ['abc123', 'st-456', 'rt-789', 'cs-000', 'tok-111', 'at-222', 'at-333', jwt, 'MIIFLTBX', 'dXNlcjpwYXNz'])
      expect(text, value).not.toContain(value);
    expect(out?.url).toBe('https://host/cb?code=[redacted]&state=[redacted]&x=1');
    expect(text).toContain('"expires_in\\":3600');
    expect(out?.error).toEqual({ name: 'Error', message: 'request to https://x/?access_token=[redacted] failed' });
  });

  it('survives cycles and deep nesting', () => {
    const loop: Record<string, unknown> = { id: 1 };
    loop.self = loop;
    let deep: Record<string, unknown> = { token: 'bottom' };
    for (let i = 0; i < 50; i++) deep = { next: deep };
    const text = JSON.stringify(redact({ loop, deep }));
    expect(text).toContain('"id":1');
    expect(text).not.toContain('bottom');
  });

  it('passes undefined through', () => {
    expect(redact(undefined)).toBeUndefined();
  });
});

describe('consoleLogger', () => {
  it('writes one line per call with the level, the message and redacted fields only', () => {
    const lines: string[] = [];
    const log = consoleLogger((line) => lines.push(line));
    log.warn('token refresh failed', { ...secrets, status: 400 });
    log.info('started');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[skyhook\] warn token refresh failed \{/);
    expect(lines[0]).toContain('"status":400');
    for (const value of Object.values(secrets)) expect(lines[0]).not.toContain(value);
    expect(lines[1]).toBe('[skyhook] info started');
    log.error('callback https://127.0.0.1/cb?code=c-999 refused');
    expect(lines[2]).toBe('[skyhook] error callback https://127.0.0.1/cb?code=[redacted] refused');
  });
});
