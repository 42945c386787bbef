import type { AuthenticationResult, PublicClientApplication } from '@azure/msal-node';
import { AppError, cancelledError } from '../../shared/app-error';
import { errorTemplate, successTemplate } from './sign-in-pages';
import { signInScopes } from './steps';

export interface InteractiveOptions {
  openBrowser(url: string): Promise<void>;
  /** Used only to release MSAL's own loopback listener when we give up waiting. */
  fetch: typeof fetch;
  signal: AbortSignal;
  timeoutMs: number;
  /** What to ask consent for; the read-only set unless delivery is on. */
  scopes?: string[];
}

export const signInTimeoutError = (timeoutMs: number): AppError =>
  new AppError({
    code: 'sign_in_timeout',
    message: `The sign-in did not finish within ${Math.max(1, Math.round(timeoutMs / 60_000))} minutes.`,
    fix: 'Select Sign in again and finish signing in in the browser tab that opens.',
    step: 'sign-in',
  });

/**
 * MSAL's interactive sign-in (its own loopback on http://localhost:<port>, form_post, PKCE),
 * wrapped with what MSAL lacks: a timeout and cancellation. MSAL's listener can only be
 * stopped by answering it, so on timeout or abort we post an `access_denied` answer with
 * the request's own state to it; MSAL then settles and closes the listener itself.
 */
export async function signInWithMsalLoopback(app: PublicClientApplication, options: InteractiveOptions): Promise<AuthenticationResult> {
  let authorizeUrl: string | undefined;
  let stopReason: AppError | undefined;
  let rejectStopped: (reason: AppError) => void = () => {};
  const stopped = new Promise<never>((_, reject) => (rejectStopped = reject));
  stopped.catch(() => undefined);

  const stop = (reason: AppError) => {
    if (stopReason) return;
    stopReason = reason;
    rejectStopped(reason);
    if (authorizeUrl) void releaseListener(authorizeUrl, options.fetch);
  };
  const onAbort = () => stop(cancelledError());
  const timer = setTimeout(() => stop(signInTimeoutError(options.timeoutMs)), options.timeoutMs);
  options.signal.addEventListener('abort', onAbort, { once: true });
  if (options.signal.aborted) onAbort();

  const flow = app.acquireTokenInteractive({
    scopes: options.scopes ?? signInScopes,
    // Always offer the account picker: "switch account" is a sign-in like any other.
    prompt: 'select_account',
    successTemplate,
    errorTemplate,
    openBrowser: async (url) => {
      // Throwing here makes MSAL close its listener before anything opens.
      if (stopReason) throw stopReason;
      authorizeUrl = url;
      await options.openBrowser(url);
    },
  });
  flow.catch(() => undefined);
  try {
    return await Promise.race([flow, stopped]);
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
  }
}

/** Answers MSAL's pending loopback with a refusal carrying its own state, so it shuts down. */
async function releaseListener(authorizeUrl: string, fetchFn: typeof fetch): Promise<void> {
  try {
    const request = new URL(authorizeUrl).searchParams;
    const redirect = new URL(request.get('redirect_uri') ?? '');
    const state = request.get('state');
    if (!state || redirect.hostname !== 'localhost') return;
    // MSAL binds 127.0.0.1 and names it localhost in the redirect URI.
    const target = `http://127.0.0.1:${redirect.port}/`;
    const body = new URLSearchParams({ error: 'access_denied', error_description: 'Sign-in cancelled in Skyhook.', state });
    const response = await fetchFn(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      signal: AbortSignal.timeout(5_000),
    });
    await response.body?.cancel();
  } catch {
    // The listener is already gone: nothing left to release.
  }
}
