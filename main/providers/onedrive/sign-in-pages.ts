import { signInPage } from '../../oauth/sign-in-page';

// What the browser tab shows when MSAL's loopback receives the answer. Static on purpose:
// MSAL does not fill in details, and the app shows the real diagnosis.
export const successTemplate = signInPage('You are signed in to OneDrive', 'You can close this tab and return to Skyhook.');
export const errorTemplate = signInPage('Sign-in not completed', 'Return to Skyhook: it shows what went wrong and how to fix it.');
