import { errorCodes } from '../../../preload/contract';
import type { StepIdOf } from '../../../preload/connection-kinds';
import { AppError } from '../../shared/app-error';

/**
 * Turns what Box answers into words an admin can act on: what went wrong, what to do, and
 * the wizard step (`step`) where that is done. Only Box's own error codes and descriptions
 * are read; request bodies, URLs with queries and tokens never reach a message.
 */

export type BoxMode = 'ccg' | 'jwt' | 'oauth';

/** What the request was for; the same status means different things for each. */
export type BoxOperation = 'token' | 'revoke' | 'search' | 'api' | 'download';

export interface BoxFailure {
  operation: BoxOperation;
  status: number;
  /** `grant_type` of a token request. */
  grant?: string;
  /** The parsed JSON body, if any. */
  body: unknown;
}

export interface DiagnosticContext {
  mode: BoxMode;
  subjectType?: 'enterprise' | 'user';
  subjectId?: string;
  folderId?: string;
  /** The public key ID the JWT was signed for. */
  publicKeyId?: string;
}

/** Each kind's wizard step for what a Box error is about (checked against the descriptors' steps). */
const stepIds = {
  ccg: { credentials: 'credentials', authMethod: 'auth-method', scopes: 'scopes', admin: 'admin-authorize', share: 'share' },
  jwt: { credentials: 'config-file', authMethod: 'create-app', scopes: 'scopes', admin: 'admin-authorize', share: 'share' },
  // OAuth has no admin or sharing step: the folder ID is entered with the credentials.
  oauth: { credentials: 'credentials', authMethod: 'create-app', scopes: 'scopes', admin: 'create-app', share: 'credentials' },
} as const satisfies Record<string, Record<string, StepIdOf<'box-ccg' | 'box-jwt' | 'box-oauth'>>>;

interface BoxErrorBody {
  error?: string;
  errorDescription?: string;
  code?: string;
  message?: string;
}

function readBody(body: unknown): BoxErrorBody {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  return { error: text('error'), errorDescription: text('error_description'), code: text('code'), message: text('message') };
}

const appReviewFix =
  'On the Authorization tab choose Review and Submit, then ask your Box admin to authorize the app in the Admin Console (Apps → Custom Apps Manager). Any later change to the app needs a new authorization.';

export function diagnose(failure: BoxFailure, context: DiagnosticContext): AppError {
  if (failure.operation === 'token' || failure.operation === 'revoke') return diagnoseToken(failure, context);
  return diagnoseApi(failure, context);
}

function diagnoseToken(failure: BoxFailure, context: DiagnosticContext): AppError {
  const { mode } = context;
  const steps = stepIds[mode];
  const { error, errorDescription = '' } = readBody(failure.body);
  const description = errorDescription.toLowerCase();

  if (failure.status >= 500) return serverError(failure.status);

  if (mode === 'oauth' && failure.grant === 'refresh_token' && (error === 'invalid_grant' || error === 'invalid_credentials')) {
    return needsSignIn();
  }
  if (mode === 'oauth' && failure.grant === 'authorization_code' && error === 'invalid_grant') {
    return new AppError({
      code: 'sign_in_failed',
      message: 'Box did not accept the sign-in: the one-time code expired or was already used.',
      fix: 'Sign in again and finish the browser step without a long pause.',
      step: 'sign-in',
    });
  }

  if (error === 'invalid_client') {
    return mode === 'jwt'
      ? new AppError({
          code: 'invalid_client',
          message: 'Box does not recognise the client ID and client secret in config.json.',
          fix: "Download the app's config.json again from the Developer Console (Configuration tab) and import it.",
          step: steps.credentials,
        })
      : new AppError({
          code: 'invalid_client',
          message: 'Box does not recognise this Client ID and Client secret.',
          fix: 'In the Developer Console open the app, Configuration tab: copy the Client ID, choose Fetch Client Secret, and paste both again.',
          step: steps.credentials,
        });
  }

  if (error === 'unauthorized_client' && description.includes('not authorized by the enterprise admin')) {
    return new AppError({
      code: 'app_not_authorized',
      message: 'Your Box admin has not authorized this app yet (or the app changed since it was authorized).',
      fix: appReviewFix,
      step: steps.admin,
    });
  }

  if (
    (error === 'unauthorized_client' && description.includes('box_subject_type')) ||
    (error === 'invalid_request' && description.includes('grant type is unauthorized'))
  ) {
    return wrongAuthMethod(mode);
  }

  if (error === 'invalid_request' && description.includes('cannot obtain user token')) {
    return new AppError({
      code: 'user_tokens_disabled',
      message: 'The app is not allowed to act as a user.',
      fix: "On the Configuration tab under Advanced Features turn on 'Generate user access tokens' (and 'Perform Actions as Users'), save, then have your admin authorize the app again. Or connect as the enterprise's service account instead.",
      step: steps.scopes,
    });
  }

  if (error === 'invalid_grant') {
    if (mode === 'ccg' && description.includes('grant credentials are invalid')) return ccgGrantRejected(context);
    if (description.includes("'sub'")) {
      return new AppError({
        code: 'wrong_enterprise_id',
        message: `Box does not accept the enterprise ID${named(context.subjectId)} for this app.`,
        fix: "Make sure the app is authorized in your enterprise, then download the app's config.json again (it carries the enterprise ID) and import it.",
        step: steps.credentials,
      });
    }
    // "Signature verification error…" (or OpenSSL's "unable to verify") versus "kid invalid…".
    if (description.includes('kid') || description.includes('signature') || description.includes('unable to verify')) {
      return description.includes('signature') || description.includes('unable to verify')
        ? new AppError({
            code: 'jwt_key_mismatch',
            message: "The private key in config.json does not match the public key Box has for this app's key ID.",
            fix: 'On the Configuration tab under Add and Manage Public Keys choose Generate a Public/Private Keypair, then import the config.json that downloads.',
            step: 'keypair',
          })
        : new AppError({
            code: 'jwt_key_unknown',
            message: `Box does not know the public key ID${named(context.publicKeyId)} from config.json: the key pair was removed or replaced.`,
            fix: "Import the app's current config.json, or generate a new key pair under Add and Manage Public Keys and import the config.json that downloads.",
            step: steps.credentials,
          });
    }
    if (description.includes("'exp'") || description.includes('expiration date time')) {
      return new AppError({
        code: 'clock_skew',
        message: "Box rejected the app's sign-in because this computer's clock is off.",
        fix: 'Set the date and time to update automatically from a time server, then test again.',
      });
    }
  }

  return new AppError({
    code: 'token_request_failed',
    message: `Box would not issue an access token${error ? ` (${error}${errorDescription ? `: ${errorDescription}` : ''})` : ''}.`,
    fix:
      mode === 'oauth'
        ? 'Check the Client ID and Client secret, then sign in again.'
        : 'Check the app settings in the Developer Console against the wizard steps, then test again.',
    step: mode === 'oauth' ? 'sign-in' : steps.credentials,
  });
}

function diagnoseApi(failure: BoxFailure, context: DiagnosticContext): AppError {
  const { mode } = context;
  const steps = stepIds[mode];
  const { code, message } = readBody(failure.body);

  if (failure.status === 401) {
    if (mode === 'oauth') return needsSignIn();
    return new AppError({
      code: 'token_rejected',
      message: "Box rejected the app's access token.",
      fix: 'Test again. If it keeps failing, check in the Admin Console that the app is still authorized.',
      step: steps.admin,
    });
  }
  if (failure.status === 403) {
    if (code === 'insufficient_scope' || failure.operation === 'search') {
      return new AppError({
        code: 'missing_scope',
        message: 'The app is not allowed to read files in Box.',
        fix:
          mode === 'oauth'
            ? "On the Configuration tab under Application Scopes turn on 'Read all files and folders stored in Box', save, then sign in again."
            : "On the Configuration tab under Application Scopes turn on 'Read all files and folders stored in Box' and save. Then Review and Submit again so your admin re-authorizes the app.",
        step: steps.scopes,
      });
    }
    return new AppError({
      code: 'access_denied',
      message: 'Box refused access to this file.',
      fix: mode === 'oauth' ? 'Ask the owner to share the file with you.' : 'Share the file or its folder with the service account.',
    });
  }
  if (failure.status === 404) {
    if (failure.operation === 'search' && context.folderId) {
      const who = mode === 'oauth' ? 'your Box account' : 'the app';
      return new AppError({
        code: 'folder_not_found',
        message: `Box cannot find folder ${context.folderId}, or ${who} cannot see it.`,
        fix:
          mode === 'oauth'
            ? "Check the folder ID (the number at the end of the folder's address in Box) and that you can open the folder in Box."
            : "Check the folder ID (the number at the end of the folder's address in Box) and share the folder with the service account's e-mail.",
        step: steps.share,
      });
    }
    return new AppError({
      code: 'file_not_found',
      message: 'This file is no longer in Box, or it is no longer shared with this connection.',
      fix: 'Search again to refresh the results.',
    });
  }
  if (failure.status >= 500) return serverError(failure.status);
  return new AppError({
    code: 'box_request_rejected',
    message: `Box rejected the request (HTTP ${failure.status}${code ? `, ${code}` : ''}${message ? `: ${message}` : ''}).`,
    fix: 'Try again. If it keeps happening, report it with the time it happened.',
  });
}

/** " 1234" when there is a value to name, else nothing. */
const named = (value: string | undefined) => (value ? ` ${value}` : '');

function ccgGrantRejected(context: DiagnosticContext): AppError {
  const steps = stepIds.ccg;
  if (context.subjectType === 'user') {
    return new AppError({
      code: 'grant_rejected',
      message: `Box rejected the client secret, or the app may not act as user${named(context.subjectId)}.`,
      fix: "Choose Fetch Client Secret on the Configuration tab and paste the secret again, and check the user ID (Admin Console → Users and Groups). The app's App Access Level must include that user (App + Enterprise Access for managed users).",
      step: steps.credentials,
    });
  }
  return new AppError({
    code: 'grant_rejected',
    message: `Box rejected the client secret, or enterprise${named(context.subjectId)} is not this app's enterprise.`,
    fix: 'Choose Fetch Client Secret on the Configuration tab and paste the secret again, and copy the Enterprise ID from the General Settings tab (also under Admin Console → Account & Billing).',
    step: steps.credentials,
  });
}

function wrongAuthMethod(mode: BoxMode): AppError {
  const method = {
    ccg: 'Server Authentication (with Client Credentials Grant)',
    jwt: 'Server Authentication (with JWT)',
    oauth: 'User Authentication (OAuth 2.0)',
  }[mode];
  return new AppError({
    code: 'wrong_auth_method',
    message: `This Box app does not use ${method}.`,
    fix:
      mode === 'ccg'
        ? `On the app's Configuration tab choose ${method} as the authentication method and save, then Review and Submit again.`
        : `Create a Custom App that uses ${method}, or connect this app with the connection type that matches its authentication method.`,
    step: stepIds[mode].authMethod,
  });
}

export function needsSignIn(): AppError {
  return new AppError({
    code: errorCodes.needsSignIn,
    message: 'Skyhook is not signed in to Box for this connection, or the sign-in expired or was revoked.',
    fix: 'Choose Sign in and allow access in the browser.',
    step: 'sign-in',
  });
}

function serverError(status: number): AppError {
  return new AppError({
    code: 'box_unavailable',
    message: `Box is having trouble right now (HTTP ${status}).`,
    fix: 'Wait a minute and try again. status.box.com shows known outages.',
  });
}

/** fetch itself failed: DNS, refused connection, proxy, TLS. Names the host, never the query. */
export function networkError(url: string, cause: unknown): AppError {
  let host = 'Box';
  try {
    host = new URL(url).host;
  } catch {
    // keep the generic name
  }
  return new AppError(
    {
      code: 'network',
      message: `Skyhook could not reach ${host}.`,
      fix: 'Check the internet connection, proxy or firewall, then try again.',
    },
    { cause },
  );
}

export function missingSecret(mode: BoxMode, label: string): AppError {
  return new AppError({
    code: 'missing_secret',
    message: `The ${label} for this connection is not saved.`,
    fix: mode === 'jwt' ? "Import the app's config.json again." : `Enter the ${label} again.`,
    step: stepIds[mode].credentials,
  });
}

export function unexpectedResponse(cause: unknown): AppError {
  return new AppError(
    {
      code: 'unexpected_response',
      message: 'Box answered in a way Skyhook does not understand.',
      fix: 'Try again. If it keeps happening, report it with the time it happened.',
    },
    { cause },
  );
}
