import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildTestReport, probeQuery } from '../../../../../main/providers/box/connection-test';
import { buildAuthorizeUrl, pkcePair, withStep } from '../../../../../main/providers/box/oauth-sign-in';
import { boxRedirectUri } from '../../../../../preload/redirect-uris';
import { AppError } from '../../../../../main/shared/app-error';

const login = 'AutomationUser_123_abc@boxdevedition.com';

describe('buildTestReport', () => {
  it('on success shows the copyable service account and says to share folders with it', () => {
    const report = buildTestReport({ mode: 'ccg', subjectType: 'enterprise', login, visible: 12 });
    expect(report.details[0]).toEqual({ label: 'Service account', value: login, copyable: true });
    expect(report.visibleImages).toBe(12);
    expect(report.summary).toContain('12 images are visible');
    expect(report.nextSteps[0]).toContain(`Share more folders with ${login}`);
  });

  it('with nothing visible explains both causes: nothing shared yet, and indexing delay', () => {
    const report = buildTestReport({ mode: 'jwt', subjectType: 'enterprise', login, visible: 0 });
    expect(report.visibleImages).toBe(0);
    expect(report.nextSteps).toHaveLength(2);
    expect(report.nextSteps[0]).toContain(`Nothing is shared with ${login} yet`);
    expect(report.nextSteps[1]).toMatch(/indexes new uploads with a delay of about 10 minutes.*search for them in Box first/);
  });

  it('names the signed-in person for OAuth and the user for a CCG user subject', () => {
    expect(buildTestReport({ mode: 'oauth', login: 'dana@example.com', visible: 1 }).details[0]!.label).toBe('Signed in as');
    expect(buildTestReport({ mode: 'ccg', subjectType: 'user', login: 'dana@example.com', visible: 1 }).details[0]!.label).toBe('Box user');
  });

  it('mentions the folder filter', () => {
    const report = buildTestReport({ mode: 'ccg', login, visible: 0, folderId: '42' });
    expect(report.summary).toContain('in folder 42');
    expect(report.details).toContainEqual({ label: 'Folder ID', value: '42' });
  });
});

describe('probeQuery', () => {
  it('matches any image extension', () => {
    expect(probeQuery.split(' OR ')).toEqual(expect.arrayContaining(['jpg', 'png', 'svg', 'psd', 'ai', 'cr3', 'dng', 'pdf']));
    expect(probeQuery).toMatch(/^jpg OR jpeg OR png( OR [a-z0-9]+)+$/);
  });
});

describe('buildAuthorizeUrl', () => {
  it('uses the configured account host and the loopback redirect, with an S256 PKCE challenge', () => {
    const { verifier, challenge } = pkcePair();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect(pkcePair().verifier).not.toBe(verifier);
    const url = new URL(buildAuthorizeUrl('https://account.example.test', 'client1', boxRedirectUri(53682), 'st4te', challenge));
    expect(url.origin + url.pathname).toBe('https://account.example.test/api/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client1',
      redirect_uri: 'http://127.0.0.1:53682/callback',
      state: 'st4te',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
  });
});

describe('withStep', () => {
  it('sends loopback failures to the wizard step that fixes them', () => {
    const timeout = withStep(new AppError({ code: 'sign_in_timeout', message: 'm', fix: 'f' }), 53682) as AppError;
    expect(timeout).toMatchObject({ code: 'sign_in_timeout', step: 'redirect' });
    expect(timeout.fix).toContain('http://127.0.0.1:53682/callback');
    expect(withStep(new AppError({ code: 'port_in_use', message: 'm' }), 1)).toMatchObject({ step: 'redirect' });
    expect(withStep(new AppError({ code: 'sign_in_refused', message: 'm' }), 1)).toMatchObject({ step: 'sign-in' });
    const other = new Error('x');
    expect(withStep(other, 1)).toBe(other);
  });
});
