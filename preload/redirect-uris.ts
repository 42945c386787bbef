/**
 * The redirect URIs admins register in the providers' consoles. Shared by the wizards
 * (which show them with a copy button) and main (which listens on them), so the two can
 * never disagree.
 */

export const defaultBoxRedirectPort = 53682;
export const boxCallbackPath = '/callback';

/** Box OAuth 2.0: register under Configuration › OAuth 2.0 Redirect URI. */
export function boxRedirectUri(port: number): string {
  return `http://127.0.0.1:${port}${boxCallbackPath}`;
}

/** OneDrive, Mobile and desktop platform: MSAL adds the port it listens on (Microsoft ignores ports on localhost). */
export const publicRedirectUri = 'http://localhost';

export const defaultConfidentialRedirectPort = 53683;
export const confidentialCallbackPath = '/onedrive/callback';

/**
 * OneDrive, Web platform (client-secret setup). `localhost` rather than 127.0.0.1 because
 * the Azure portal accepts plain http only for localhost. A browser may send localhost to
 * 127.0.0.1 or [::1], so the listener holds the port on both (nobody else can take either).
 */
export function confidentialRedirectUri(port: number = defaultConfidentialRedirectPort): string {
  return `http://localhost:${port}${confidentialCallbackPath}`;
}
