import { cloudLabels, type NationalCloud } from '../../../../preload/connection-kinds';

export interface AzureAdminRequestFacts {
  clientId: string;
  tenantId: string;
  cloud: NationalCloud;
  delivery: boolean;
}

/**
 * The e-mail-ready request for an organisation where only admins may approve apps: which
 * registration, which delegated permissions, and where in the portal consent is granted.
 */
export function azureAdminRequest(facts: AzureAdminRequestFacts): string {
  const permissions = ['Files.Read.All', 'User.Read', ...(facts.delivery ? ['Files.ReadWrite.All (designers upload finished files)'] : [])];
  return [
    'Hi, could you grant admin consent to an app registration for Skyhook (image search for the design team)?',
    '',
    `Application (client) ID: ${facts.clientId.trim() || '(not filled in yet: App registrations › the app registered for Skyhook, for example “OneDrive Skyhook Connector” › Overview)'}`,
    `Directory (tenant) ID: ${facts.tenantId.trim() || '(our organisation)'}`,
    `Cloud: ${cloudLabels[facts.cloud]}`,
    `Delegated Microsoft Graph permissions it asks for: ${permissions.join(', ')}. Each person signs in as themselves; the app sees only what they may see.`,
    '',
    `What to do: Azure portal › Microsoft Entra ID › App registrations › the app › API permissions › Grant admin consent for <your organisation>, then Yes.`,
  ].join('\n');
}
