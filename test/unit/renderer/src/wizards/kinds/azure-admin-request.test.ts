import { describe, expect, it } from 'vitest';
import { azureAdminRequest } from '../../../../../../renderer/src/wizards/kinds/azure-admin-request';

describe('azureAdminRequest', () => {
  const facts = {
    clientId: ' 6731de76-14a6-49ae-97bc-6eba6914391e ',
    tenantId: 'contoso.onmicrosoft.com',
    cloud: 'global' as const,
    delivery: false,
  };

  it('names the registration, its read-only delegated permissions and where consent is granted', () => {
    const text = azureAdminRequest(facts);
    expect(text).toContain('Application (client) ID: 6731de76-14a6-49ae-97bc-6eba6914391e\n');
    expect(text).toContain('Directory (tenant) ID: contoso.onmicrosoft.com');
    expect(text).toContain('Files.Read.All, User.Read.');
    expect(text).not.toContain('ReadWrite');
    expect(text).toContain('API permissions › Grant admin consent for');
  });

  it('asks for the write permission only when delivery is on, and says where the IDs are when not typed yet', () => {
    const text = azureAdminRequest({ ...facts, clientId: '', tenantId: '', cloud: 'usgov', delivery: true });
    expect(text).toContain('Files.ReadWrite.All');
    expect(text).toContain('(not filled in yet: App registrations › the app registered for Skyhook');
    expect(text).toMatch(/Cloud: .*US Government/);
  });
});
