import { kindFacts } from '../../../preload/kind-facts';
import type { AppErrorShape, ConnectionSummary } from '../../../preload/contract';

/**
 * What designers read about a connection, in their words. The admin's words (console
 * steps, secret expiry) stay on the Connections page; here a designer learns who can fix
 * it and gets the details to send them.
 */

/** Problems only whoever set the connection up can fix: its app, secret or approval in the provider's console. */
const adminCodes = new Set([
  'missing_secret',
  'secret_missing',
  'secret_expired',
  'secret_invalid',
  'invalid_client',
  'grant_rejected',
  'jwt_key_unknown',
  'jwt_key_mismatch',
  'wrong_enterprise_id',
  'consent_required',
  'invalid_configuration',
]);

export function needsAdmin(connection: Pick<ConnectionSummary, 'kind'>, error: AppErrorShape): boolean {
  if (connection.kind === 'local') return false;
  return error.step !== undefined || adminCodes.has(error.code);
}

export function adminProblemTitle(connection: Pick<ConnectionSummary, 'name'>): string {
  return `${connection.name} can't sign in; your admin needs to update it`;
}

/** What "Copy details for your admin" puts on the clipboard: enough to act on, never a secret. */
export function adminDetails(connection: Pick<ConnectionSummary, 'name' | 'kind'>, error: AppErrorShape): string {
  return [
    `Skyhook connection "${connection.name}" (${kindFacts[connection.kind].label}) can't sign in.`,
    `Problem: ${error.message}`,
    ...(error.fix ? [`Fix: ${error.fix}`] : []),
    ...(error.step ? [`Setup step to revisit: ${error.step}`] : []),
    `Error code: ${error.code}`,
  ].join('\n');
}

/** Box Client Credentials and JWT act as a service account that sees only what is shared with it. */
export function serviceAccountOf(connection: ConnectionSummary): string | undefined {
  if (connection.kind !== 'box-ccg' && connection.kind !== 'box-jwt') return undefined;
  const account = connection.health?.account;
  return account && account.includes('@') ? account : undefined;
}
