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
  });
});
