import { describe, expect, it } from 'vitest';
import { consolePages } from '../../../../preload/contract';
import { nationalClouds } from '../../../../preload/connection-kinds';
import { consolePageUrl } from '../../../../main/http/console-pages';
import { defaultEndpoints } from '../../../../main/http/endpoints';
import { externalUrlAllowed } from '../../../../main/http/external-links';

const installed = { packaged: true };

describe('console pages the wizards open', () => {
  it('are https pages the installed app may open, for every page and cloud', () => {
    for (const page of consolePages) {
      for (const cloud of nationalClouds) {
        const url = consolePageUrl(page, cloud);
        expect(url.startsWith('https://')).toBe(true);
        expect(externalUrlAllowed(url, defaultEndpoints, installed)).toBe(true);
      }
    }
  });

  it('open the Azure portal of the chosen cloud', () => {
    expect(new URL(consolePageUrl('azure-app-registrations', 'usgov')).hostname).toBe('portal.azure.us');
    expect(new URL(consolePageUrl('azure-app-registrations', 'china')).hostname).toBe('portal.azure.cn');
    expect(new URL(consolePageUrl('box-admin-console')).pathname).toBe('/master/custom-apps');
  });

  it('allow the portal hosts only, not look-alikes', () => {
    expect(externalUrlAllowed('https://portal.azure.com.evil.example/', defaultEndpoints, installed)).toBe(false);
    expect(externalUrlAllowed('http://portal.azure.com/', defaultEndpoints, installed)).toBe(false);
  });
});
