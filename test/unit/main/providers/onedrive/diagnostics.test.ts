import { describe, expect, it } from 'vitest';
import {
  aadstsCodeIn,
  aadstsError,
  diagnosedAadstsCodes,
  graphError,
  identityError,
  IdentityNetworkError,
  type DiagnosisContext,
} from '../../../../../main/providers/onedrive/diagnostics';
import { wizardSteps } from '../../../../../main/providers/onedrive/steps';
import { AppError } from '../../../../../main/shared/app-error';

const publicCtx: DiagnosisContext = { mode: 'public', tenantId: 'contoso.onmicrosoft.com' };
const webCtx: DiagnosisContext = { mode: 'confidential', tenantId: 'contoso.onmicrosoft.com', redirectPort: 53100 };

/** The reference's table (§3) and its "extra codes", with the step each one must send the admin to. */
const expected: Array<[number, string, string]> = [
  [700016, 'app_not_found', 'ids'],
  [7000215, 'secret_invalid', 'secret'],
  [7000222, 'secret_expired', 'secret'],
  [50011, 'redirect_uri_mismatch', 'redirect'],
  [50148, 'pkce_mismatch', 'sign-in'],
  [501481, 'pkce_mismatch', 'sign-in'],
  [65001, 'consent_required', 'permissions'],
  [90014, 'request_incomplete', 'ids'],
  [500113, 'no_redirect_uri', 'redirect'],
  [50020, 'user_not_in_tenant', 'sign-in'],
  [700054, 'response_type_not_enabled', 'redirect'],
  [7000218, 'redirect_is_web', 'redirect'],
  [50105, 'user_not_assigned', 'sign-in'],
  [53003, 'conditional_access', 'sign-in'],
  [50076, 'needs_sign_in', 'sign-in'],
  [90072, 'user_not_in_tenant', 'sign-in'],
  [700024, 'clock_skew', 'secret'],
  // Extra codes.
  [700025, 'redirect_is_public', 'redirect'],
  [50194, 'app_not_multitenant', 'ids'],
  [70008, 'needs_sign_in', 'sign-in'],
  [700082, 'needs_sign_in', 'sign-in'],
  [54005, 'needs_sign_in', 'sign-in'],
  [65004, 'consent_declined', 'sign-in'],
  [90094, 'admin_consent_required', 'permissions'],
  [9002326, 'redirect_is_spa', 'redirect'],
  [70011, 'invalid_scope', 'permissions'],
  [500011, 'resource_not_found', 'permissions'],
  [90002, 'tenant_not_found', 'ids'],
];

describe('AADSTS diagnostics', () => {
  it.each(expected)('AADSTS%i → %s at step %s', (code, appCode, step) => {
    const error = aadstsError(code, publicCtx);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe(appCode);
    expect(error.step).toBe(step);
    expect(error.message.length).toBeGreaterThan(10);
    expect(error.fix?.length).toBeGreaterThan(10);
    expect(wizardSteps).toContain(error.step);
  });

  it('covers every code it was given a fix for', () => {
    expect(diagnosedAadstsCodes).toEqual(expect.arrayContaining(expected.map(([code]) => code)));
  });

  it('words the redirect fix for the setup in use', () => {
    expect(aadstsError(50011, publicCtx).fix).toContain('Mobile and desktop applications, add http://localhost');
    expect(aadstsError(50011, webCtx).fix).toContain('Add a platform → Web, add http://localhost:53100/onedrive/callback');
    expect(aadstsError(7000218, webCtx)).toMatchObject({ code: 'secret_missing', step: 'secret' });
  });

  it('an unknown code still names the code and a place to look it up', () => {
    const error = aadstsError(1234567, publicCtx);
    expect(error).toMatchObject({ code: 'identity_error', step: 'sign-in' });
    expect(error.message).toContain('AADSTS1234567');
  });

  it('finds the code in a description or an error page', () => {
    expect(aadstsCodeIn('AADSTS50011: The redirect URI …')).toBe(50011);
    expect(aadstsCodeIn('<p id="error-message">AADSTS700016: Application with identifier…</p>')).toBe(700016);
    expect(aadstsCodeIn('Sign in to your account')).toBeUndefined();
  });
});

describe('MSAL errors → AppError', () => {
  it('reads errorNo or the AADSTS text of a ServerError-like error', () => {
    const serverError = Object.assign(
      new Error('invalid_client: Error(s): 7000222 - Description: AADSTS7000222: The provided client secret keys … secret=abc'),
      {
        name: 'ServerError',
        errorCode: 'invalid_client',
        errorNo: '7000222',
      },
    );
    const error = identityError(serverError, webCtx);
    expect(error).toMatchObject({ code: 'secret_expired', step: 'secret' });
    // MSAL's own wording is never shown.
    expect(error.message).not.toContain('secret=abc');
  });

  it('interaction required without a code means sign in again', () => {
    const error = identityError(
      Object.assign(new Error('no_tokens_found'), { name: 'InteractionRequiredAuthError', errorCode: 'no_tokens_found' }),
      publicCtx,
    );
    expect(error).toMatchObject({ code: 'needs_sign_in', step: 'sign-in' });
  });

  it('a transport failure anywhere in the cause chain is a network error naming the host', () => {
    const wrapped = new Error('network_error', {
      cause: new IdentityNetworkError('login.microsoftonline.us', { cause: new TypeError('fetch failed') }),
    });
    const error = identityError(wrapped, publicCtx);
    expect(error.code).toBe('network');
    expect(error.message).toContain('login.microsoftonline.us');
  });

  it('a configuration error points at the IDs', () => {
    expect(
      identityError(Object.assign(new Error('x'), { name: 'ClientConfigurationError', errorCode: 'authority_uri_insecure' }), publicCtx),
    ).toMatchObject({ step: 'ids' });
  });

  it('AppErrors pass through; anything else is a generic sign-in failure without its message', () => {
    const own = new AppError({ code: 'cancelled', message: 'Cancelled.' });
    expect(identityError(own, publicCtx)).toBe(own);
    const other = identityError(new Error('token=eyJ.secret'), publicCtx);
    expect(other).toMatchObject({ code: 'sign_in_failed', step: 'sign-in' });
    expect(other.message).not.toContain('eyJ');
  });
});

describe('Graph diagnostics', () => {
  it.each([
    [401, 'InvalidAuthenticationToken', 'search', 'needs_sign_in', 'sign-in'],
    [403, 'accessDenied', 'search', 'files_access_denied', 'permissions'],
    [403, 'Authorization_RequestDenied', 'me', 'user_read_missing', 'permissions'],
    [403, 'accessDenied', 'folder', 'folder_access_denied', 'folder'],
    [404, 'itemNotFound', 'search', 'drive_not_found', 'sign-in'],
    [404, 'itemNotFound', 'folder', 'folder_not_found', 'folder'],
    [404, 'itemNotFound', 'drive', 'drive_not_found', 'sign-in'],
    [404, 'itemNotFound', 'item', 'item_not_found', undefined],
    [429, 'activityLimitReached', 'search', 'rate_limited', undefined],
    [503, 'serviceNotAvailable', 'search', 'service_unavailable', undefined],
    [500, 'generalException', 'item', 'service_unavailable', undefined],
    [400, 'invalidRequest', 'search', 'graph_error', undefined],
  ] as const)('%i %s on %s → %s', (status, graphCode, target, code, step) => {
    const error = graphError(status, graphCode, target);
    expect(error.code).toBe(code);
    expect(error.step).toBe(step);
  });
});
