/**
 * What a person does in the browser on the fake authorize page: load it, press "Grant
 * access to Box" (or "Deny access"), and follow Box's redirect to the app's redirect URI.
 * Tests use it as `openExternal`; it returns the final response (the app's callback page).
 */
export async function answerAuthorizePage(authorizeUrl: string, consent: 'grant' | 'deny' = 'grant'): Promise<Response> {
  const pageResponse = await fetch(authorizeUrl);
  const page = await pageResponse.text();
  if (!pageResponse.ok) throw new Error(`Authorize page answered ${pageResponse.status}: ${page.replace(/<[^>]+>/g, ' ').trim()}`);
  const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
  if (!action) throw new Error('The authorize page has no form.');
  const form = new URLSearchParams();
  for (const input of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(input[1]!, decodeEntities(input[2]!));
  }
  form.set('consent', consent);
  const decision = await fetch(new URL(action, authorizeUrl), { method: 'POST', body: form, redirect: 'manual' });
  const location = decision.headers.get('location');
  if (decision.status !== 302 || !location) throw new Error(`Authorize form answered ${decision.status}.`);
  return fetch(location);
}

function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}
