const day = 24 * 60 * 60 * 1000;
/** Microsoft's portal suggests renewing ahead of time; the wizard warns this many days before. */
export const secretWarningDays = 30;

/**
 * The warning to show for a client secret's recorded expiry date (`YYYY-MM-DD`, as the
 * Certificates & secrets page lists it), or undefined when it is far off or unknown.
 */
export function secretExpiryWarning(expiresOn: string | undefined, now: Date): string | undefined {
  if (!expiresOn) return undefined;
  const expiry = Date.parse(`${expiresOn}T00:00:00Z`);
  if (Number.isNaN(expiry)) return undefined;
  const daysLeft = Math.ceil((expiry - now.getTime()) / day);
  if (daysLeft <= 0) {
    return `The client secret expired on ${expiresOn}. Create a new one in Certificates & secrets and paste its value into this connection.`;
  }
  if (daysLeft <= secretWarningDays) {
    return `The client secret expires on ${expiresOn} (in ${daysLeft} day${daysLeft === 1 ? '' : 's'}). Create a new one in Certificates & secrets before then and paste its value into this connection.`;
  }
  return undefined;
}
