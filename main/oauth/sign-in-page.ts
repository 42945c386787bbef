/**
 * The page a browser tab shows when a sign-in comes back to Skyhook's loopback listener
 * (ours or MSAL's): plain, self-contained, with nothing to load from the network.
 */
export function signInPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Skyhook</title>
<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;color:#1d232b;background:#f5f7fa}
main{max-width:28rem;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 2px 12px #0002;text-align:center}h1{font-size:1.3rem}</style>
</head><body><main><h1>${escapeHtml(title)}</h1><p>${body}</p></main></body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
