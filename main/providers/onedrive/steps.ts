import { confidentialCallbackPath, defaultConfidentialRedirectPort } from '../../../preload/redirect-uris';

/**
 * The OneDrive wizard's steps, in the order the Azure portal walks them. Errors name the
 * step whose setting is wrong, so the wizard can jump straight back to it.
 */
export const wizardSteps = ['register', 'redirect', 'permissions', 'secret', 'ids', 'folder', 'sign-in'] as const;
export type WizardStep = (typeof wizardSteps)[number];

/** Delegated Microsoft Graph permissions Skyhook uses: read files the user can see, and who they are. */
export const graphScopes = ['Files.Read.All', 'User.Read'];
/** offline_access makes Microsoft issue a refresh token, so people sign in once. */
export const signInScopes = [...graphScopes, 'offline_access'];

export { confidentialRedirectUri, defaultConfidentialRedirectPort, publicRedirectUri } from '../../../preload/redirect-uris';

export function confidentialCallback(port: number = defaultConfidentialRedirectPort): { port: number; path: string } {
  return { port, path: confidentialCallbackPath };
}
