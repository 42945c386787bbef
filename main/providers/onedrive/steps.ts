import { confidentialCallbackPath, defaultConfidentialRedirectPort } from '../../../preload/redirect-uris';

/**
 * The OneDrive wizard's steps, in the order the Azure portal walks them. Errors name the
 * step whose setting is wrong, so the wizard can jump straight back to it.
 */
export const wizardSteps = ['register', 'redirect', 'permissions', 'secret', 'ids', 'folder', 'deliver', 'sign-in'] as const;
export type WizardStep = (typeof wizardSteps)[number];

/** Delegated Microsoft Graph permissions Skyhook uses: read files the user can see, and who they are. */
export const graphScopes = ['Files.Read.All', 'User.Read'];
/** offline_access makes Microsoft issue a refresh token, so people sign in once. */
export const signInScopes = [...graphScopes, 'offline_access'];
/** Delivery (issue #16) writes files: asked for only when an admin turned delivery on for the connection. */
export const deliveryScopes = ['Files.ReadWrite.All'];
export const scopesFor = (delivery: boolean | undefined): string[] => (delivery ? [...graphScopes, ...deliveryScopes] : graphScopes);

export { confidentialRedirectUri, defaultConfidentialRedirectPort, publicRedirectUri } from '../../../preload/redirect-uris';

export function confidentialCallback(port: number = defaultConfidentialRedirectPort): { port: number; path: string } {
  return { port, path: confidentialCallbackPath };
}
