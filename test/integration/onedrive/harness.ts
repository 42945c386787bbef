import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigOf } from '../../../preload/connection-kinds';
import { defaultEndpoints } from '../../../main/http/endpoints';
import { createOneDriveProvider, type OneDriveOptions } from '../../../main/providers/onedrive';
import type { Provider } from '../../../main/providers/provider';
import { silentLogger } from '../../../main/shared/logger';
import { keyFileCipher } from '../../../main/vault/keyfile-cipher';
import { Vault } from '../../../main/vault/vault';
import type { FakeMicrosoft } from '../../fakes/microsoft';

export type OneDriveConfig = ConfigOf<'onedrive'>;

/** A data dir with a real vault (AES key file), as the headless composition has. */
export class TestVault {
  readonly dir = mkdtempSync(join(tmpdir(), 'skyhook-onedrive-'));
  readonly file = join(this.dir, 'vault.json');
  readonly keyFile = join(this.dir, 'vault.key');

  /** A fresh Vault object over the same files, as after an app restart. */
  open(): Vault {
    return new Vault(this.file, keyFileCipher(this.keyFile));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface BrowserScript {
  username: string;
  password: string;
  /** What to do on the consent page. */
  consent?: 'accept' | 'cancel';
  /** Open the page and do nothing (the person walked away). */
  idle?: boolean;
}

export interface FakeBrowser {
  /** Who signs in next; tests may change it between sign-ins. */
  script: BrowserScript;
  openExternal(url: string): Promise<void>;
  /** URLs the app asked to open. */
  opened: string[];
  /** The last HTML page the "person" saw. */
  lastPage: string;
  /** Settles when the last opened flow is done (reached the loopback or stopped on a page). */
  done: Promise<void>;
  /** What the loopback answered, when it was reached. */
  loopbackStatus?: number;
}

/**
 * Plays the person in the system browser: opens the authorize URL, fills the fake's sign-in
 * form, accepts or declines consent, and lets the form_post (or redirect) reach the app's
 * loopback — with fetch, exactly as a browser would submit the forms.
 */
export function fakeBrowser(script: BrowserScript): FakeBrowser {
  const browser: FakeBrowser = {
    script,
    opened: [],
    lastPage: '',
    done: Promise.resolve(),
    openExternal: async (url: string) => {
      browser.opened.push(url);
      // A browser opens asynchronously; the app must not wait for the person here.
      browser.done = browser.script.idle
        ? Promise.resolve()
        : walk(url).catch((error: unknown) => {
            browser.lastPage = `browser error: ${String(error)}`;
          });
    },
  };

  async function walk(start: string): Promise<void> {
    const loopbackPort = redirectPortOf(start);
    let response = await go(start, { redirect: 'manual' });
    for (let step = 0; step < 10; step++) {
      const location = response.headers.get('location');
      if (location && response.status >= 300 && response.status < 400) {
        response = await go(location, { redirect: 'manual' });
        continue;
      }
      const html = await response.text();
      browser.lastPage = html;
      if (new URL(response.url).port === loopbackPort) {
        browser.loopbackStatus = response.status;
        return;
      }
      const form = parseForm(html);
      if (!form) return; // An error page: the person is stuck here.
      if (form.fields.has('ctx') && html.includes('name="passwd"')) {
        form.fields.set('login', browser.script.username);
        form.fields.set('passwd', browser.script.password);
      } else if (html.includes('name="decision"')) {
        form.fields.set('decision', browser.script.consent ?? 'accept');
      }
      response = await go(form.action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([...form.fields]).toString(),
        redirect: 'manual',
      });
    }
  }

  return browser;
}

/** localhost → 127.0.0.1: the loopback listeners bind IPv4 only, as a browser falls back to. */
function go(url: string, init: RequestInit): Promise<Response> {
  const target = new URL(url);
  if (target.hostname === 'localhost') target.hostname = '127.0.0.1';
  return fetch(target, init).then((response) => {
    Object.defineProperty(response, 'url', { value: target.toString() });
    return response;
  });
}

const unescape = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export function parseForm(html: string): { action: string; fields: Map<string, string> } | undefined {
  const form = /<form\b[^>]*\baction="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const fields = new Map<string, string>();
  for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
    const attrs = input[1] ?? '';
    const name = /\bname="([^"]*)"/.exec(attrs)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(attrs)?.[1] ?? '';
    if (name && !/type="submit"/.test(attrs)) fields.set(unescape(name), unescape(value));
  }
  return { action: unescape(form[1] ?? ''), fields };
}

/** A port nobody listens on right now (for the confidential redirect). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ProviderSetup {
  fake: FakeMicrosoft;
  vault: TestVault;
  config: OneDriveConfig;
  browser?: FakeBrowser;
  connectionId?: string;
  options?: OneDriveOptions;
  fetch?: typeof fetch;
  /** A fresh Vault object (as after a restart) instead of a shared one. */
  vaultObject?: Vault;
}

/** The real factory, a real vault, global fetch, and the fake's hosts as endpoint overrides. */
export function makeProvider(setup: ProviderSetup): Provider {
  const vault = setup.vaultObject ?? setup.vault.open();
  const connectionId = setup.connectionId ?? 'c0ffee00-0000-4000-8000-000000000001';
  return createOneDriveProvider(
    {
      config: setup.config,
      context: {
        connectionId,
        fetch: setup.fetch ?? fetch,
        secrets: vault.scoped(`conn/${connectionId}/`),
        endpoints: { ...defaultEndpoints, msAuthorityHost: setup.fake.authorityHost, graph: setup.fake.graphUrl },
        openExternal:
          setup.browser?.openExternal ??
          (async () => {
            throw new Error('no browser in this test');
          }),
        log: silentLogger,
      },
    },
    setup.options,
  );
}

/** The loopback port MSAL or our listener used, read from the authorize URL the app opened. */
export function redirectPortOf(authorizeUrl: string): string {
  return new URL(new URL(authorizeUrl).searchParams.get('redirect_uri') ?? '').port;
}

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

export const never = new AbortController().signal;

/** A provider whose user already went through the browser sign-in. */
export async function signedInProvider(setup: ProviderSetup & { username: string; password: string }): Promise<Provider> {
  const browser = fakeBrowser({ username: setup.username, password: setup.password });
  const provider = makeProvider({ ...setup, browser });
  await provider.auth?.signIn(never);
  return provider;
}
