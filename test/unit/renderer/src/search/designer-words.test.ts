import { describe, expect, it } from 'vitest';
import type { ConnectionSummary } from '../../../../../preload/contract';
import { adminDetails, adminProblemTitle, needsAdmin, serviceAccountOf } from '../../../../../renderer/src/search/designer-words';

const box = { id: 'b', kind: 'box-ccg', name: 'Box — Marketing' } as const;

describe('designer words', () => {
  it("sends console problems to the admin, and keeps a designer's own problems (an unplugged drive, the network) with the designer", () => {
    expect(needsAdmin(box, { code: 'invalid_client', message: 'The client ID or secret is wrong.' })).toBe(true);
    expect(needsAdmin(box, { code: 'whatever', message: 'x', step: 'admin-authorize' })).toBe(true);
    expect(needsAdmin(box, { code: 'network', message: 'Box could not be reached.' })).toBe(false);
    expect(needsAdmin({ kind: 'local' }, { code: 'folder_missing', message: 'gone', step: 'folder' })).toBe(false);
  });

  it('says who can fix it and gives details to send them, without internal keys beyond the code', () => {
    expect(adminProblemTitle(box)).toBe("Box — Marketing can't sign in; your admin needs to update it");
    const details = adminDetails(box, {
      code: 'secret_expired',
      message: 'The client secret has expired.',
      fix: 'Generate a new secret.',
      step: 'credentials',
    });
    expect(details.split('\n')).toEqual([
      'Skyhook connection "Box — Marketing" (Box — Client Credentials) can\'t sign in.',
      'Problem: The client secret has expired.',
      'Fix: Generate a new secret.',
      'Setup step to revisit: credentials',
      'Error code: secret_expired',
    ]);
  });

  it('names the service account of a Box app connection from its last test, and nothing for per-user ones', () => {
    const tested = {
      ...box,
      health: { ok: true, testedAt: '', message: '', account: 'AutomationUser_1@boxdevedition.com' },
    } as unknown as ConnectionSummary;
    expect(serviceAccountOf(tested)).toBe('AutomationUser_1@boxdevedition.com');
    expect(serviceAccountOf({ ...tested, kind: 'box-oauth' } as ConnectionSummary)).toBeUndefined();
    expect(serviceAccountOf({ ...tested, health: undefined } as ConnectionSummary)).toBeUndefined();
  });
});
