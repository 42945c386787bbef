import { errorCodes } from '../../../preload/contract';
import { AppError, isAbortError } from '../../shared/app-error';
import { confidentialRedirectUri, publicRedirectUri, type WizardStep } from './steps';

/** What a diagnosis needs to word its fix for this connection. */
export interface DiagnosisContext {
  mode: 'public' | 'confidential';
  tenantId: string;
  redirectPort?: number;
}

interface Diagnosis {
  code: string;
  message: string;
  fix: string;
  step: WizardStep;
}

/** Codes after which only a new interactive sign-in helps. */
export const needsSignInCode = errorCodes.needsSignIn;

const redirectFix = (ctx: DiagnosisContext): string =>
  ctx.mode === 'public'
    ? `In the app registration open Authentication → Add a platform → Mobile and desktop applications, add ${publicRedirectUri} exactly (no port, no path) and select Configure.`
    : `In the app registration open Authentication → Add a platform → Web, add ${confidentialRedirectUri(ctx.redirectPort)} exactly (same port, path and case) and select Configure.`;

const signInAgain = (message: string, fix = 'Select Sign in and sign in again.'): Diagnosis => ({
  code: needsSignInCode,
  message,
  fix,
  step: 'sign-in',
});

/**
 * Every AADSTS code the reference lists (plus the extra ones seen in practice), mapped to
 * the wizard step that fixes it. Wording follows the Azure portal's own labels.
 */
const aadstsTable: Record<number, (ctx: DiagnosisContext) => Diagnosis> = {
  700016: (ctx) => ({
    code: 'app_not_found',
    message: `Microsoft has no app with this Application (client) ID in the tenant "${ctx.tenantId}".`,
    fix: "Copy the Application (client) ID and the Directory (tenant) ID again from the app registration's Overview page. If the app was registered in another tenant, use that tenant's ID.",
    step: 'ids',
  }),
  90002: (ctx) => ({
    code: 'tenant_not_found',
    message: `Microsoft does not know the tenant "${ctx.tenantId}".`,
    fix: "Copy the Directory (tenant) ID from the app registration's Overview page (or use your domain, such as contoso.onmicrosoft.com), and check that the connection's cloud (Global, US Government, China) is the one your tenant lives in.",
    step: 'ids',
  }),
  7000215: () => ({
    code: 'secret_invalid',
    message: 'Microsoft rejected the client secret.',
    fix: "In Certificates & secrets, copy the secret's Value (not its Secret ID). Values are shown only once: if it is hidden, create a new client secret and paste its value.",
    step: 'secret',
  }),
  7000222: () => ({
    code: 'secret_expired',
    message: 'The client secret has expired.',
    fix: 'In Certificates & secrets select New client secret, paste its value here and record its new expiry date.',
    step: 'secret',
  }),
  7000218: (ctx) =>
    ctx.mode === 'public'
      ? {
          code: 'redirect_is_web',
          message: 'The redirect URI is registered under the Web platform, which makes Microsoft ask for a client secret.',
          fix: `In Authentication remove it from Web and add ${publicRedirectUri} under Add a platform → Mobile and desktop applications. Or choose the client-secret setup in this wizard.`,
          step: 'redirect',
        }
      : {
          code: 'secret_missing',
          message: 'No client secret was sent.',
          fix: 'Paste the client secret Value from Certificates & secrets.',
          step: 'secret',
        },
  700025: (ctx) => ({
    code: 'redirect_is_public',
    message: 'The redirect URI is registered under Mobile and desktop applications, where Microsoft forbids a client secret.',
    fix: `Register ${confidentialRedirectUri(ctx.redirectPort)} under Add a platform → Web instead, or switch this connection to the recommended setup without a secret.`,
    step: 'redirect',
  }),
  50011: (ctx) => ({
    code: 'redirect_uri_mismatch',
    message: 'The redirect URI Skyhook uses is not registered for this app.',
    fix: redirectFix(ctx),
    step: 'redirect',
  }),
  500113: (ctx) => ({ code: 'no_redirect_uri', message: 'The app has no redirect URI at all.', fix: redirectFix(ctx), step: 'redirect' }),
  9002326: () => ({
    code: 'redirect_is_spa',
    message: 'The redirect URI is registered as a Single-page application.',
    fix: `Move it to Add a platform → Mobile and desktop applications (${publicRedirectUri}).`,
    step: 'redirect',
  }),
  700054: () => ({
    code: 'response_type_not_enabled',
    message: 'Microsoft expected an implicit-grant sign-in, which Skyhook does not use.',
    fix: 'Check that the redirect URI is under Mobile and desktop applications (or Web for the client-secret setup), not Single-page application.',
    step: 'redirect',
  }),
  65001: () => ({
    code: 'consent_required',
    message: 'Nobody has consented to this app reading files for this user.',
    fix: 'Sign in again and accept the permissions, or ask an admin to open API permissions and select "Grant admin consent" for Files.Read.All and User.Read.',
    step: 'permissions',
  }),
  65004: () => ({
    code: 'consent_declined',
    message: 'The permissions were declined in the browser.',
    fix: 'Sign in again and choose Accept: Skyhook only reads files, it never changes them.',
    step: 'sign-in',
  }),
  90094: () => ({
    code: 'admin_consent_required',
    message: 'Your organisation lets only admins approve this app.',
    fix: 'Ask an admin to open the app\'s API permissions and select "Grant admin consent" (Files.Read.All and User.Read, delegated).',
    step: 'permissions',
  }),
  70011: () => ({
    code: 'invalid_scope',
    message: 'Microsoft did not accept the permissions Skyhook asks for.',
    fix: 'In API permissions add Microsoft Graph → Delegated permissions → Files.Read.All and User.Read.',
    step: 'permissions',
  }),
  500011: () => ({
    code: 'resource_not_found',
    message: 'Microsoft Graph is not available to this app in the tenant.',
    fix: "In API permissions add Microsoft Graph → Delegated permissions → Files.Read.All and grant consent; check the connection's cloud.",
    step: 'permissions',
  }),
  90014: () => ({
    code: 'request_incomplete',
    message: 'The sign-in request was missing a required value.',
    fix: 'Check the Directory (tenant) ID and Application (client) ID in this form.',
    step: 'ids',
  }),
  900144: () => ({
    code: 'request_incomplete',
    message: 'The sign-in request was missing a required value.',
    fix: 'Check the Directory (tenant) ID and Application (client) ID in this form.',
    step: 'ids',
  }),
  50194: () => ({
    code: 'app_not_multitenant',
    message: 'The app is registered for a single tenant, so it cannot be used with "organizations" or "common".',
    fix: "Enter the Directory (tenant) ID from the app registration's Overview page as the Tenant ID.",
    step: 'ids',
  }),
  50020: () => ({
    code: 'user_not_in_tenant',
    message: "The account you signed in with does not belong to the app's tenant.",
    fix: 'Sign in with an account of that organisation (or ask an admin to invite yours as a guest). To allow other tenants, make the app multitenant and use "organizations" as the Tenant ID.',
    step: 'sign-in',
  }),
  90072: () => ({
    code: 'user_not_in_tenant',
    message: "The account you signed in with is not a member of the app's tenant.",
    fix: "Sign in with an account of the app's organisation, or ask an admin to add yours as a guest.",
    step: 'sign-in',
  }),
  50105: () => ({
    code: 'user_not_assigned',
    message: 'Your account is not assigned to this app.',
    fix: 'Ask an admin to add you under Enterprise applications → this app → Users and groups, or to turn off "Assignment required".',
    step: 'sign-in',
  }),
  53003: () => ({
    code: 'conditional_access',
    message: 'A Conditional Access policy of your organisation blocked the sign-in.',
    fix: 'Ask your tenant admin to allow this app or this device; it cannot be fixed in the app registration.',
    step: 'sign-in',
  }),
  50126: () => ({
    code: 'bad_credentials',
    message: 'The user name or password was not accepted.',
    fix: 'Sign in again with the right account.',
    step: 'sign-in',
  }),
  50148: () => ({
    code: 'pkce_mismatch',
    message: 'The sign-in answer did not belong to this sign-in attempt.',
    fix: 'Close other sign-in tabs and sign in again.',
    step: 'sign-in',
  }),
  501481: () => ({
    code: 'pkce_mismatch',
    message: 'The sign-in answer did not belong to this sign-in attempt.',
    fix: 'Close other sign-in tabs and sign in again.',
    step: 'sign-in',
  }),
  500112: () => ({
    code: 'pkce_mismatch',
    message: 'The sign-in answer came back to a different address than it was sent from.',
    fix: 'Sign in again.',
    step: 'sign-in',
  }),
  54005: () => signInAgain('That sign-in was already used.'),
  9002313: () => signInAgain('Microsoft could not read the sign-in answer.'),
  70008: () => signInAgain('Your Microsoft sign-in has expired.'),
  700082: () => signInAgain('Your Microsoft sign-in has expired after a long time without use.'),
  50173: () => signInAgain('Your Microsoft sign-in is no longer valid (the password may have changed).'),
  50076: () => signInAgain('Your organisation requires multi-factor authentication again.'),
  50079: () => signInAgain('Your organisation requires you to set up multi-factor authentication.'),
  700024: () => ({
    code: 'clock_skew',
    message: 'Microsoft says the client credential is outside its valid time range.',
    fix: "Check this computer's date and time, then try again.",
    step: 'secret',
  }),
};

/** Every AADSTS code with a specific diagnosis (for tests and documentation). */
export const diagnosedAadstsCodes = Object.keys(aadstsTable).map(Number);

export function aadstsCodeIn(text: string | undefined): number | undefined {
  const match = /AADSTS(\d{4,7})\b/.exec(text ?? '');
  return match ? Number(match[1]) : undefined;
}

export function aadstsError(code: number, ctx: DiagnosisContext, cause?: unknown): AppError {
  const diagnose = aadstsTable[code];
  const diagnosis: Diagnosis = diagnose
    ? diagnose(ctx)
    : {
        code: 'identity_error',
        message: `Microsoft refused the sign-in (AADSTS${code}).`,
        fix: `Look the code up at https://login.microsoftonline.com/error?code=${code}, then check the matching setting in the app registration.`,
        step: 'sign-in',
      };
  // The number lets an admin quote the error or look it up; unknown codes carry it already.
  const message = diagnosis.message.includes(`AADSTS${code}`) ? diagnosis.message : `${diagnosis.message} (AADSTS${code})`;
  return new AppError({ ...diagnosis, message }, { cause });
}

/** Thrown by our MSAL network client, so a transport failure is told apart from a refusal. */
export class IdentityNetworkError extends Error {
  readonly status: number | undefined;

  constructor(
    readonly host: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(options?.status ? `Unexpected answer ${options.status} from ${host}.` : `Could not reach ${host}.`, { cause: options?.cause });
    this.name = 'IdentityNetworkError';
    this.status = options?.status;
  }
}

export function networkError(host: string, cause?: unknown): AppError {
  return new AppError(
    {
      code: 'network',
      message: `Skyhook could not reach ${host}.`,
      fix: "Check the internet connection and proxy. For US Government or China tenants, check the connection's cloud.",
    },
    { cause },
  );
}

/** Fields of MSAL's AuthError we read, without importing its classes into every caller. */
interface MsalLikeError {
  name?: string;
  errorCode?: string;
  errorMessage?: string;
  errorNo?: string | number;
  subError?: string;
  message?: string;
}

const interactionCodes = new Set([
  'no_tokens_found',
  'no_account_found',
  'no_account_in_silent_request',
  'refresh_token_expired',
  'native_account_unavailable',
]);

/**
 * Turns whatever MSAL threw into an AppError naming the step to fix. MSAL's own messages
 * are never shown: they can echo request details.
 */
export function identityError(error: unknown, ctx: DiagnosisContext): AppError {
  if (error instanceof AppError) return error;
  for (let at: unknown = error; at instanceof Error; at = at.cause) {
    if (at instanceof IdentityNetworkError) return networkError(at.host, error);
  }
  if (isAbortError(error)) return new AppError({ code: 'cancelled', message: 'Cancelled.' }, { cause: error });
  const e = (error ?? {}) as MsalLikeError;
  const number = Number(e.errorNo) || aadstsCodeIn(e.errorMessage) || aadstsCodeIn(e.message);
  if (number) return aadstsError(number, ctx, error);
  if (e.name === 'InteractionRequiredAuthError' || interactionCodes.has(e.errorCode ?? '')) {
    return new AppError(signInAgain('You need to sign in to this OneDrive connection.'), { cause: error });
  }
  if (e.name === 'ClientConfigurationError') {
    return new AppError(
      {
        code: 'invalid_configuration',
        message: 'The tenant ID or cloud does not form a valid Microsoft sign-in address.',
        fix: 'Use the Directory (tenant) ID (a GUID), your domain (contoso.onmicrosoft.com) or "organizations".',
        step: 'ids',
      },
      { cause: error },
    );
  }
  return new AppError(
    {
      code: 'sign_in_failed',
      message: 'The Microsoft sign-in failed.',
      fix: 'Try again. If it keeps failing, run Test connection to check the app registration.',
      step: 'sign-in',
    },
    { cause: error },
  );
}

export type GraphTarget = 'me' | 'drive' | 'folder' | 'item' | 'search';

/** The Parent folder filter is the fix: its wizard step is the folder step. */
const folderProblem = (code: string, message: string, fix: string) => new AppError({ code, message, fix, step: 'folder' });

/** Graph's error body: `{ error: { code, message, innerError } }`. Branch on code, never on message. */
export function graphError(status: number, graphCode: string | undefined, target: GraphTarget): AppError {
  if (status === 401) {
    return new AppError(signInAgain('Microsoft no longer accepts this sign-in.'));
  }
  if (status === 403) {
    if (target === 'folder') {
      return folderProblem(
        'folder_access_denied',
        'You cannot open the parent folder this connection is limited to.',
        'Ask the folder owner to share it with you, or clear the Parent folder ID.',
      );
    }
    return new AppError({
      code: graphCode === 'Authorization_RequestDenied' ? 'user_read_missing' : 'files_access_denied',
      message:
        graphCode === 'Authorization_RequestDenied'
          ? 'Microsoft Graph refused to say who is signed in (User.Read is missing).'
          : 'Microsoft Graph refused access to the files.',
      fix: 'In API permissions add Microsoft Graph → Delegated permissions → Files.Read.All and User.Read, grant consent, then sign in again. If the account has no OneDrive, ask an admin to assign a licence.',
      step: 'permissions',
    });
  }
  if (status === 404) {
    if (target === 'folder') {
      return folderProblem(
        'folder_not_found',
        'The parent folder this connection is limited to was not found.',
        'Open the folder in OneDrive, copy its ID again (or pick it after signing in), or clear the Parent folder ID.',
      );
    }
    if (target === 'drive' || target === 'search') {
      return new AppError({
        code: 'drive_not_found',
        message: 'This account has no OneDrive yet.',
        fix: 'Open OneDrive once in a browser with this account (it is created on first use), or ask an admin for a licence.',
        step: 'sign-in',
      });
    }
    return new AppError({
      code: 'item_not_found',
      message: 'The file no longer exists in OneDrive, or it was moved.',
      fix: 'Search again.',
    });
  }
  if (status === 410) {
    // Delta: the token is too old or the drive changed too much; the docs say enumerate afresh.
    return new AppError({
      code: 'resync_required',
      message: 'OneDrive asks for the list of files to be read again from the start.',
      fix: 'Skyhook does this by itself.',
    });
  }
  if (status === 429 || status === 509) {
    return new AppError({
      code: 'rate_limited',
      message: 'OneDrive is limiting how fast Skyhook may search right now.',
      fix: 'Wait a minute and try again.',
    });
  }
  if (status >= 500) {
    return new AppError({
      code: 'service_unavailable',
      message: `OneDrive is not answering properly right now (HTTP ${status}).`,
      fix: 'Try again in a few minutes.',
    });
  }
  return new AppError({
    code: 'graph_error',
    message: `Microsoft Graph refused the request (${graphCode ?? `HTTP ${status}`}).`,
    fix: target === 'search' ? 'Try other search words.' : 'Try again; if it persists, run Test connection.',
  });
}
