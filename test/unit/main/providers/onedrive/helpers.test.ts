import type { TokenCacheContext } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { defaultEndpoints, endpointsFromEnv, microsoftHosts } from '../../../../../main/http/endpoints';
import { confidentialRedirectUri, secretExpiryWarning } from '../../../../../main/providers/onedrive';
import { checkTenant, msalAuthority } from '../../../../../main/providers/onedrive/authority';
import { ItemMemory, itemPath, itemRef } from '../../../../../main/providers/onedrive/drive-item';
import { searchLiteral, searchPath } from '../../../../../main/providers/onedrive/drive-search';
import { fetchNetworkModule } from '../../../../../main/providers/onedrive/msal-network';
import { tokenCacheKey, vaultCachePlugin } from '../../../../../main/providers/onedrive/token-cache';
import type { SecretStore } from '../../../../../main/vault/vault';

describe('secretExpiryWarning', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  it('says nothing without a date or when it is far off', () => {
    expect(secretExpiryWarning(undefined, now)).toBeUndefined();
    expect(secretExpiryWarning('2026-04-01', now)).toBeUndefined();
    expect(secretExpiryWarning('not-a-date', now)).toBeUndefined();
  });
  it('warns within 30 days, with the date and the days left', () => {
    expect(secretExpiryWarning('2026-03-31', now)).toMatch(/expires on 2026-03-31 \(in 30 days\)/);
    expect(secretExpiryWarning('2026-03-02', now)).toMatch(/\(in 1 day\)/);
  });
  it('warns after it expired', () => {
    expect(secretExpiryWarning('2026-03-01', now)).toMatch(/expired on 2026-03-01/);
    expect(secretExpiryWarning('2025-12-01', now)).toMatch(/expired on 2025-12-01.*Certificates & secrets/);
  });
});

describe('national clouds', () => {
  it('the connection’s cloud picks the hosts', () => {
    expect(microsoftHosts('global', defaultEndpoints)).toEqual({
      authorityHost: 'https://login.microsoftonline.com',
      graph: 'https://graph.microsoft.com',
    });
    expect(microsoftHosts('usgov', defaultEndpoints)).toEqual({
      authorityHost: 'https://login.microsoftonline.us',
      graph: 'https://graph.microsoft.us',
    });
    expect(microsoftHosts('china', defaultEndpoints)).toEqual({
      authorityHost: 'https://login.chinacloudapi.cn',
      graph: 'https://microsoftgraph.chinacloudapi.cn',
    });
  });
  it('SKYHOOK_MS_AUTHORITY_HOST and SKYHOOK_GRAPH_URL override any cloud', () => {
    const endpoints = endpointsFromEnv({ SKYHOOK_MS_AUTHORITY_HOST: 'http://127.0.0.1:1234/', SKYHOOK_GRAPH_URL: 'http://127.0.0.1:5678' });
    expect(microsoftHosts('china', endpoints)).toEqual({ authorityHost: 'http://127.0.0.1:1234', graph: 'http://127.0.0.1:5678' });
    expect(microsoftHosts('usgov', endpointsFromEnv({ SKYHOOK_GRAPH_URL: 'https://proxy.example' }))).toEqual({
      authorityHost: 'https://login.microsoftonline.us',
      graph: 'https://proxy.example',
    });
  });
});

describe('MSAL authority', () => {
  it('uses MSAL’s own knowledge of Microsoft hosts', () => {
    expect(msalAuthority({ authorityHost: 'https://login.microsoftonline.us', graph: '' }, 'organizations')).toEqual({
      authority: 'https://login.microsoftonline.us/organizations',
    });
  });
  it('hands any other host to MSAL as metadata, so MSAL makes no discovery request and accepts http', () => {
    const options = msalAuthority({ authorityHost: 'http://127.0.0.1:4000', graph: '' }, 'contoso.onmicrosoft.com');
    expect(options.authority).toBe('https://127.0.0.1:4000/contoso.onmicrosoft.com');
    expect(options.knownAuthorities).toEqual(['127.0.0.1:4000']);
    expect(JSON.parse(options.authorityMetadata ?? '{}')).toMatchObject({
      authorization_endpoint: 'http://127.0.0.1:4000/contoso.onmicrosoft.com/oauth2/v2.0/authorize',
      token_endpoint: 'http://127.0.0.1:4000/contoso.onmicrosoft.com/oauth2/v2.0/token',
    });
  });
  it('refuses a tenant that is not an ID or a domain', () => {
    expect(() => checkTenant('contoso/evil')).toThrow(expect.objectContaining({ code: 'invalid_tenant', step: 'ids' }));
    expect(checkTenant(' organizations ')).toBe('organizations');
  });
});

describe('search URLs', () => {
  it('doubles quotes and URL-encodes the text', () => {
    expect(searchLiteral("it's a 50% #1")).toBe("it''s%20a%2050%25%20%231");
  });
  it('searches the root, a folder, or the drive plus shared items', () => {
    expect(searchPath('cat', {})).toBe(
      "/me/drive/root/search(q='cat')?$select=id,name,size,file,image,lastModifiedDateTime,parentReference,webUrl&$expand=thumbnails&$top=100",
    );
    expect(searchPath('cat', { parentFolderId: '01AB!C' })).toMatch(/^\/me\/drive\/items\/01AB!C\/search\(q='cat'\)\?/);
    expect(searchPath('cat', { includeShared: true })).toMatch(/^\/me\/drive\/search\(q='cat'\)\?\$select=.*,remoteItem&/);
    // The folder wins: shared items live outside it by definition.
    expect(searchPath('cat', { includeShared: true, parentFolderId: 'F' })).toMatch(/^\/me\/drive\/items\/F\/search/);
  });
  it('the wizard and the sign-in use one redirect URI form', () => {
    expect(confidentialRedirectUri(40000)).toBe('http://localhost:40000/onedrive/callback');
  });
});

describe('item references', () => {
  it('own items by ID, shared items in their own drive', () => {
    expect(itemPath(itemRef('01ABC'))).toBe('/me/drive/items/01ABC');
    expect(itemPath(itemRef('3AE3!105', 'b!x-y_z'))).toBe('/drives/b!x-y_z/items/3AE3!105');
  });
  it('remembers a bounded number of items, least recently used out first', () => {
    const memory = new ItemMemory(2);
    memory.remember('a', { id: 'a', name: 'a.png' });
    memory.remember('b', { id: 'b', name: 'b.png', thumbnails: [{ medium: { url: 'https://t/m' }, large: { url: 'https://t/l' } }] });
    memory.get('a');
    memory.remember('c', { id: 'c', name: 'c.png' });
    expect(memory.get('b')).toBeUndefined();
    expect(memory.get('a')?.name).toBe('a.png');
    expect(
      new ItemMemory().remember('b', { id: 'b', thumbnails: [{ medium: { url: 'https://t/m' }, large: { url: 'https://t/l' } }] })
        .thumbnailUrl,
    ).toBe('https://t/l');
  });
});

describe('token cache plugin', () => {
  function store(): SecretStore & { writes: string[]; data: Map<string, string> } {
    const data = new Map<string, string>();
    const writes: string[] = [];
    return {
      data,
      writes,
      get: async (name) => data.get(name),
      set: async (name, value) => {
        await new Promise((r) => setTimeout(r, 5));
        writes.push(value);
        data.set(name, value);
      },
      delete: async (name) => void data.delete(name),
    };
  }
  const context = (changed: boolean, serialized: string, loaded: string[] = []) =>
    ({
      cacheHasChanged: changed,
      tokenCache: { serialize: () => serialized, deserialize: (s: string) => loaded.push(s) },
    }) as unknown as TokenCacheContext;

  it('writes only when MSAL changed the cache, and in call order', async () => {
    const secrets = store();
    const plugin = vaultCachePlugin(secrets);
    await plugin.afterCacheAccess(context(false, 'unchanged'));
    expect(secrets.writes).toEqual([]);
    await Promise.all([plugin.afterCacheAccess(context(true, 'first')), plugin.afterCacheAccess(context(true, 'second'))]);
    expect(secrets.writes).toEqual(['first', 'second']);
    expect(secrets.data.get(tokenCacheKey)).toBe('second');
  });

  it('loads the stored cache before each access, after pending writes', async () => {
    const secrets = store();
    const plugin = vaultCachePlugin(secrets);
    const loaded: string[] = [];
    await plugin.beforeCacheAccess(context(false, '', loaded));
    expect(loaded).toEqual([]);
    const write = plugin.afterCacheAccess(context(true, 'stored'));
    await plugin.beforeCacheAccess(context(false, '', loaded));
    await write;
    expect(loaded).toEqual(['stored']);
  });
});

describe('MSAL network client over the fetch port', () => {
  it('passes method, headers and body, and parses JSON', async () => {
    const seen: Array<[string, RequestInit | undefined]> = [];
    const fake: typeof fetch = async (url, init) => {
      seen.push([String(url), init]);
      return new Response('{"ok":true}', { status: 400, headers: { 'x-ms-request-id': 'r1' } });
    };
    const client = fetchNetworkModule(fake);
    const response = await client.sendPostRequestAsync<{ ok: boolean }>('https://login.microsoftonline.com/t/oauth2/v2.0/token', {
      headers: { a: 'b' },
      body: 'x=1',
    });
    expect(response).toEqual({
      status: 400,
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'x-ms-request-id': 'r1' },
      body: { ok: true },
    });
    expect(seen[0]?.[1]).toMatchObject({ method: 'POST', headers: { a: 'b' }, body: 'x=1' });
  });

  it('a proxy’s HTML page or a dead network is a network error naming the host', async () => {
    const html = fetchNetworkModule(async () => new Response('<html>proxy login</html>', { status: 200 }));
    await expect(html.sendGetRequestAsync('https://login.microsoftonline.com/x')).rejects.toMatchObject({
      name: 'IdentityNetworkError',
      host: 'login.microsoftonline.com',
      status: 200,
    });
    const down = fetchNetworkModule(async () => {
      throw new TypeError('fetch failed');
    });
    await expect(down.sendGetRequestAsync('https://login.microsoftonline.us/x')).rejects.toMatchObject({
      name: 'IdentityNetworkError',
      host: 'login.microsoftonline.us',
    });
  });
});
