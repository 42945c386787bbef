import { describe, expect, it } from 'vitest';
import { diagnose, networkError, type BoxFailure, type BoxMode } from '../../../../../main/providers/box/diagnostics';

const token = (error: string, description: string, grant = 'client_credentials'): BoxFailure => ({
  operation: 'token',
  status: 400,
  grant,
  body: { error, error_description: description },
});
const api = (status: number, code: string, operation: BoxFailure['operation'] = 'search'): BoxFailure => ({
  operation,
  status,
  body: { type: 'error', status, code, message: 'x' },
});

const cases: Array<[string, BoxMode, BoxFailure, string, string | undefined, { folderId?: string }?]> = [
  ['ccg invalid_client', 'ccg', token('invalid_client', 'The client credentials are not valid'), 'invalid_client', 'credentials'],
  ['jwt invalid_client', 'jwt', token('invalid_client', 'The client credentials are not valid'), 'invalid_client', 'config-file'],
  [
    'oauth invalid_client',
    'oauth',
    token('invalid_client', 'The client credentials are not valid', 'authorization_code'),
    'invalid_client',
    'credentials',
  ],
  ['ccg grant invalid', 'ccg', token('invalid_grant', 'Grant credentials are invalid'), 'grant_rejected', 'credentials'],
  [
    'ccg not authorized',
    'ccg',
    token('unauthorized_client', 'This app is not authorized by the enterprise admin.'),
    'app_not_authorized',
    'admin-authorize',
  ],
  [
    'jwt not authorized',
    'jwt',
    token('unauthorized_client', 'This app is not authorized by the enterprise admin.'),
    'app_not_authorized',
    'admin-authorize',
  ],
  [
    'ccg subject type',
    'ccg',
    token('unauthorized_client', 'The "box_subject_type" value is unauthorized for this client_id'),
    'wrong_auth_method',
    'auth-method',
  ],
  [
    'ccg grant type',
    'ccg',
    token('invalid_request', 'The grant type is unauthorized for this client_id.'),
    'wrong_auth_method',
    'auth-method',
  ],
  [
    'jwt grant type',
    'jwt',
    token('invalid_request', 'The grant type is unauthorized for this client_id.'),
    'wrong_auth_method',
    'create-app',
  ],
  [
    'oauth grant type',
    'oauth',
    token('invalid_request', 'The grant type is unauthorized for this client_id.', 'authorization_code'),
    'wrong_auth_method',
    'create-app',
  ],
  [
    'ccg user tokens',
    'ccg',
    token('invalid_request', 'Cannot obtain user token based on the enterprise configuration for your app'),
    'user_tokens_disabled',
    'scopes',
  ],
  [
    'jwt sub',
    'jwt',
    token('invalid_grant', "Please check the 'sub' claim. The 'sub' specified is invalid."),
    'wrong_enterprise_id',
    'config-file',
  ],
  ['jwt kid', 'jwt', token('invalid_grant', 'kid invalid, unable to lookup correct key'), 'jwt_key_unknown', 'config-file'],
  [
    'jwt signature',
    'jwt',
    token(
      'invalid_grant',
      'Signature verification error. The public key identified by kid must correspond to the private key used for signing.',
    ),
    'jwt_key_mismatch',
    'keypair',
  ],
  [
    'jwt exp passed',
    'jwt',
    token('invalid_grant', "Current date time must be before the expiration date time listed in the 'exp' claim."),
    'clock_skew',
    undefined,
  ],
  [
    'jwt exp too far',
    'jwt',
    token('invalid_grant', "Please check the 'exp' claim. The 'exp' value exceeds the maximum value of 60 seconds beyond the issue time."),
    'clock_skew',
    undefined,
  ],
  ['oauth refresh invalid_grant', 'oauth', token('invalid_grant', 'Invalid refresh token', 'refresh_token'), 'needs_sign_in', 'sign-in'],
  [
    'oauth refresh invalid_credentials',
    'oauth',
    token('invalid_credentials', 'Invalid refresh token', 'refresh_token'),
    'needs_sign_in',
    'sign-in',
  ],
  [
    'oauth code expired',
    'oauth',
    token('invalid_grant', 'The authorization code has expired', 'authorization_code'),
    'sign_in_failed',
    'sign-in',
  ],
  [
    'jwt other',
    'jwt',
    token('invalid_grant', "Please check the 'jti' claim. A unique 'jti' value is required."),
    'token_request_failed',
    'config-file',
  ],
  ['token 5xx', 'ccg', { operation: 'token', status: 502, body: undefined }, 'box_unavailable', undefined],
  ['ccg 401', 'ccg', api(401, 'unauthorized'), 'token_rejected', 'admin-authorize'],
  ['oauth 401', 'oauth', api(401, 'unauthorized'), 'needs_sign_in', 'sign-in'],
  ['ccg scope', 'ccg', api(403, 'insufficient_scope'), 'missing_scope', 'scopes'],
  ['oauth scope', 'oauth', api(403, 'insufficient_scope', 'api'), 'missing_scope', 'scopes'],
  ['ccg folder', 'ccg', api(404, 'not_found'), 'folder_not_found', 'share', { folderId: '77' }],
  ['jwt folder', 'jwt', api(404, 'not_found'), 'folder_not_found', 'share', { folderId: '77' }],
  ['oauth folder', 'oauth', api(404, 'not_found'), 'folder_not_found', 'credentials', { folderId: '77' }],
  ['file 404', 'ccg', api(404, 'not_found', 'api'), 'file_not_found', undefined],
  ['api 500', 'ccg', api(500, 'internal_server_error'), 'box_unavailable', undefined],
  ['api 400', 'ccg', api(400, 'bad_request'), 'box_request_rejected', undefined],
];

describe('diagnose', () => {
  it.each(cases)('%s', (_, mode, failure, code, step, extra) => {
    const error = diagnose(failure, { mode, subjectId: '1234', ...extra });
    expect(error.code).toBe(code);
    expect(error.step).toBe(step);
    expect(error.message.length).toBeGreaterThan(10);
    expect(error.fix?.length ?? 0).toBeGreaterThan(10);
  });

  it('says which kind of subject CCG could not use', () => {
    const failure = token('invalid_grant', 'Grant credentials are invalid');
    expect(diagnose(failure, { mode: 'ccg', subjectType: 'enterprise', subjectId: '998877' }).message).toContain('enterprise 998877');
    expect(diagnose(failure, { mode: 'ccg', subjectType: 'user', subjectId: '4455' }).message).toContain('user 4455');
  });

  it('names the folder and who cannot see it', () => {
    const error = diagnose(api(404, 'not_found'), { mode: 'ccg', folderId: '31415' });
    expect(error.message).toContain('31415');
    expect(error.fix).toContain("service account's e-mail");
  });
});

describe('networkError', () => {
  it('names the host and port only', () => {
    const error = networkError('https://api.box.com:8443/2.0/search?query=secret-plan&fields=name', new TypeError('fetch failed'));
    expect(error.code).toBe('network');
    expect(error.message).toContain('api.box.com:8443');
    expect(error.message).not.toContain('secret-plan');
    expect(error.message).not.toContain('/2.0');
  });
});
