/**
 * The error codes the renderer acts on (others are shown as they come). Main throws these
 * constants and the renderer compares against them, so neither side can misspell one.
 * Apart from the contract so the page's first script needs no zod.
 */
export const errorCodes = {
  cancelled: 'cancelled',
  needsSignIn: 'needs_sign_in',
  unknownChannel: 'unknown_channel',
  invalidInput: 'invalid_input',
  internal: 'internal',
  /** A sign-in the person or the provider refused (Box access_denied, an AADSTS code). */
  signInRefused: 'sign_in_refused',
} as const;
