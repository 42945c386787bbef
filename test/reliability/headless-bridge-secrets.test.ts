import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHeadlessApp, type HeadlessApp } from '../harness/headless-app';
import { recordFigure } from './figures';

/**
 * The real headless composition (`out/main/headless.js`, built by `npm run build`): a page
 * that reaches the bridge asks for a sealed export of a saved secret. Only the person at the
 * terminal can say yes, on stdin; the page cannot.
 */

interface Page {
  call(channel: string, input: unknown, id?: string): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
  cancel(id: string): void;
  close(): void;
}

async function pageOf(app: HeadlessApp): Promise<Page> {
  const url = new URL(app.url);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  const session = await fetch(`${url.origin}/session`, { method: 'POST', headers: { 'X-Skyhook-Token': token, Origin: url.origin } });
  const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const ws = new WebSocket(`ws://${url.host}/ipc`, { headers: { Origin: url.origin, Cookie: cookie } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const waiting = new Map<string, (result: never) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id?: string; result?: never };
    if (message.type === 'result' && message.id) waiting.get(message.id)?.(message.result!);
  });
  let n = 0;
  return {
    call: (channel, input, id = `t${++n}`) =>
      new Promise((resolve) => {
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ type: 'call', id, channel, input }));
      }),
    cancel: (id) => ws.send(JSON.stringify({ type: 'cancel', id })),
    close: () => ws.close(),
  };
}

describe('secrets through the real headless bridge', () => {
  let app: HeadlessApp;
  let page: Page;
  let id: string;
  const secret = 'bridge-ccg-secret-value-123';

  beforeAll(async () => {
    // No Box here: the sign-in below only needs to get as far as opening the browser.
    app = await startHeadlessApp({
      SKYHOOK_POLICY_FILE: '',
      SKYHOOK_BOX_ACCOUNT_URL: 'http://127.0.0.1:9',
      SKYHOOK_BOX_API_URL: 'http://127.0.0.1:9',
    });
    page = await pageOf(app);
    const saved = await page.call('connections.save', {
      kind: 'box-ccg',
      name: 'Design Box',
      config: { clientId: 'ccgclient0123456789abcdefghijkl', subjectType: 'enterprise', subjectId: '9988776' },
      secrets: { clientSecret: secret },
    });
    expect(saved.ok).toBe(true);
    id = (saved.value as { id: string }).id;
  });
  afterAll(async () => {
    page?.close();
    expect(await app?.stop()).toBe(0);
  });

  const exportSealed = () => page.call('profiles.export', { id, passphrase: 'a passphrase the page picked' });

  it('asks on the terminal, and only a yes there seals the secret', async () => {
    let tries = 0;
    let failures = 0;
    let lost = 0;
    const refusedWith = async (answer: (question: string) => void) => {
      tries++;
      const asked = app.next('CONFIRM');
      const pending = exportSealed();
      answer(await asked);
      const result = await pending;
      if (result.ok || result.error?.code !== 'export_not_confirmed') failures++;
      if (JSON.stringify(result).includes('"sealed":[')) lost++;
    };
    await refusedWith((question) => app.answer(question, false));
    // An answer for another question, then a no for this one.
    await refusedWith((question) => {
      app.answer(`0123456789abcdef ${question.slice(17)}`, true);
      app.answer(question, false);
    });

    const asked = app.next('CONFIRM');
    const pending = exportSealed();
    const question = await asked;
    expect(question).toContain('Include the secrets of Design Box in the profile? Client secret will be sealed');
    expect(question).not.toContain(secret);
    app.answer(question, true);
    const allowed = await pending;
    expect(allowed).toMatchObject({ ok: true, value: { sealed: ['Client secret'] } });
    expect(JSON.stringify(allowed)).not.toContain(secret);

    recordFigure({ probe: 'bridge: export secrets, page says yes itself', tries, failures, lost });
    expect({ failures, lost }).toEqual({ failures: 0, lost: 0 });
  });

  it('prints a one-time link for a sign-in, never the OAuth state or PKCE challenge', async () => {
    const saved = await page.call('connections.save', {
      kind: 'box-oauth',
      name: 'My Box',
      config: { clientId: 'oauthclient0123456789abcdefghij', redirectPort: 53990 },
      secrets: { clientSecret: 'oauth-secret-value-456' },
    });
    expect(saved.ok).toBe(true);
    const before = app.lines.length;
    const opened = app.next('OPEN_EXTERNAL');
    const signIn = page.call('connections.signIn', { id: (saved.value as { id: string }).id }, 'sign-in');
    const authorize = new URL(await opened);
    page.cancel('sign-in');
    expect((await signIn).error?.code).toBe('cancelled');
    const state = authorize.searchParams.get('state') ?? '';
    const challenge = authorize.searchParams.get('code_challenge') ?? '';
    expect(authorize.origin + authorize.pathname).toBe('http://127.0.0.1:9/api/oauth2/authorize');
    expect(state.length).toBeGreaterThanOrEqual(16);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const printed = app.lines.slice(before).join('\n');
    expect(printed).toMatch(/SKYHOOK_OPEN_EXTERNAL=http:\/\/127\.0\.0\.1:\d+\/open\/[0-9a-f]{32}/);
    expect(printed).not.toContain(state);
    expect(printed).not.toContain(challenge);
    recordFigure({ probe: 'bridge: OAuth state in printed output', tries: 1, failures: printed.includes(state) ? 1 : 0, lost: 0 });
  });
});
