import type { NationalCloud } from '../../preload/connection-kinds';
import type { ConsolePage } from '../../preload/contract';

/** The Azure portal of each national cloud, where app registrations live. */
export const azurePortalHosts: Record<NationalCloud, string> = {
  global: 'portal.azure.com',
  usgov: 'portal.azure.us',
  china: 'portal.azure.cn',
};

/**
 * Where the wizards' "Open …" buttons go. The renderer names a page, never a URL, so a
 * page cannot be talked into opening anything else.
 */
export function consolePageUrl(page: ConsolePage, cloud: NationalCloud = 'global'): string {
  switch (page) {
    case 'box-developer-console':
      return 'https://app.box.com/developers/console';
    case 'box-admin-console':
      // Admin Console › Apps › Custom Apps Manager, where the admin authorizes the app.
      return 'https://app.box.com/master/custom-apps';
    case 'azure-app-registrations':
      return `https://${azurePortalHosts[cloud]}/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade`;
  }
}
