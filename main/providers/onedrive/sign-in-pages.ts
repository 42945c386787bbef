/**
 * What the browser tab shows when MSAL's loopback receives the answer. Static on purpose:
 * MSAL does not fill in details, and the app shows the real diagnosis.
 */
const pageOf = (title: string, text: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Skyhook</title>
<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;color:#1d232b;background:#f5f7fa}
main{max-width:28rem;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 2px 12px #0002;text-align:center}h1{font-size:1.3rem}</style>
</head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;

export const successTemplate = pageOf('You are signed in to OneDrive', 'You can close this tab and return to Skyhook.');
export const errorTemplate = pageOf('Sign-in not completed', 'Return to Skyhook: it shows what went wrong and how to fix it.');
