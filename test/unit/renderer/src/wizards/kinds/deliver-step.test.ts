import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../../../../preload/contract';
import { DeliveryFields, deliveryLockReason } from '../../../../../../renderer/src/wizards/kinds/deliver-step';

const info: AppInfo = {
  version: '1.0.0',
  platform: 'linux',
  bridge: false,
  canPickFolder: true,
  secretStorage: { backend: 'test', strong: true },
  updates: { enabled: false, reason: 'test' },
  problems: [],
};
const policy = { file: '/etc/skyhook/policy.json', allowNewConnections: true, managedConnections: 0 };

const render = (appInfo: AppInfo, delivery: boolean) =>
  renderToStaticMarkup(
    createElement(DeliveryFields, {
      value: { delivery, deliveryFolderId: '123' },
      onChange: () => undefined,
      folderHint: 'hint',
      editing: undefined,
      info: appInfo,
    }),
  );

describe('the delivery switch', () => {
  it('is locked off, with the reason, when the IT policy forbids delivery, even for a connection saved with it on', () => {
    const forbidden = { ...info, policy: { ...policy, allowDelivery: false } };
    expect(deliveryLockReason(forbidden)).toBe(
      `Your organisation's IT policy turns uploading off on this computer ("allowDelivery": false in /etc/skyhook/policy.json). Ask your IT team to change it.`,
    );
    const html = render(forbidden, true);
    expect(html).toMatch(/<input type="checkbox" disabled="" aria-describedby="delivery-locked"\/>/);
    expect(html).toContain('Ask your IT team to change it.');
    // No folder to pick while it cannot be on.
    expect(html).not.toContain('Delivery folder ID');
  });

  it('can be turned on without a policy, or with one that allows delivery, and then offers the folder picker and the ID', () => {
    for (const appInfo of [info, { ...info, policy: { ...policy, allowDelivery: true } }, { ...info, policy }]) {
      expect(deliveryLockReason(appInfo)).toBeUndefined();
      const html = render(appInfo, true);
      expect(html).toMatch(/<input type="checkbox" checked=""\/>/);
      expect(html).toContain('Delivery folder ID');
      expect(html).toContain('Delivery folder: <b>the folder with the ID below</b>');
      // A connection not saved yet cannot be browsed: the picker says so.
      expect(html).toContain('Save the connection to browse its folders.');
    }
  });
});
