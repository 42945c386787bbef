import { describe, expect, it } from 'vitest';
import { defaultEndpoints, endpointsFromEnv } from '../../../../main/http/endpoints';
import { externalUrlAllowed, guardOpenExternal } from '../../../../main/http/external-links';

const packaged = { packaged: true };

describe('externalUrlAllowed', () => {
  it('lets through https pages of Box and Microsoft, enterprise subdomains included', () => {
    for (const url of [
      'https://account.box.com/api/oauth2/authorize?client_id=x',
      'https://app.box.com/file/123',
      'https://contoso.app.box.com/file/123',
      'https://login.microsoftonline.com/tenant/oauth2/v2.0/authorize',
      'https://login.microsoftonline.us/t/oauth2/v2.0/authorize',
      'https://login.chinacloudapi.cn/t/oauth2/v2.0/authorize',
      'https://contoso-my.sharepoint.com/personal/a/Documents/x.jpg',
      'https://contoso.sharepoint.us/x',
      'https://onedrive.live.com/?id=1',
    ]) {
      expect(externalUrlAllowed(url, defaultEndpoints, packaged), url).toBe(true);
    }
  });

  it('refuses other schemes, other sites, look-alikes and credentials in the URL', () => {
    for (const url of [
      'http://app.box.com/file/1',
      'file:///etc/passwd',
      'smb://attacker/share',
      'ms-msdt:/id PCWDiagnostic',
      'javascript:alert(1)',
      'https://evil.example/',
      'https://app.box.com.evil.example/',
      'https://evilsharepoint.com/',
      'https://user:pw@app.box.com/file/1',
      'http://127.0.0.1:4000/web/x',
      'not a url',
    ]) {
      expect(externalUrlAllowed(url, defaultEndpoints, packaged), url).toBe(false);
    }
  });

  it('follows configured endpoint hosts, and allows loopback fakes only outside the installed app', () => {
    const proxy = endpointsFromEnv({ SKYHOOK_BOX_APP_URL: 'https://box.proxy.example' });
    expect(externalUrlAllowed('https://box.proxy.example/file/1', proxy, packaged)).toBe(true);
    expect(externalUrlAllowed('http://127.0.0.1:4000/web/x', defaultEndpoints, { packaged: false })).toBe(true);
    expect(externalUrlAllowed('file:///tmp/x', defaultEndpoints, { packaged: false })).toBe(false);
  });

  it('guardOpenExternal opens allowed URLs and refuses the rest without opening anything', async () => {
    const opened: string[] = [];
    const open = guardOpenExternal(async (url) => void opened.push(url), defaultEndpoints, packaged);
    await open('https://app.box.com/file/1');
    await expect(open('file:///etc/passwd')).rejects.toMatchObject({ code: 'external_url_refused' });
    expect(opened).toEqual(['https://app.box.com/file/1']);
  });
});
