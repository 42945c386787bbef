import { AppError } from '../shared/app-error';
import { maxProfileChars } from './profile-format';

/** `skyhook://import?profile=<base64url of the profile JSON>`: opens the import preview. */
export const linkScheme = 'skyhook';

export function profileLink(text: string): string {
  return `${linkScheme}://import?profile=${Buffer.from(text, 'utf8').toString('base64url')}`;
}

export const isProfileLink = (value: string): boolean => value.trim().toLowerCase().startsWith(`${linkScheme}:`);

const badLink = () =>
  new AppError({
    code: 'profile_link_invalid',
    message: 'This skyhook:// link is incomplete or damaged.',
    fix: 'Copy the whole link again (chat apps sometimes cut long links), or ask for the .skyhook file instead.',
  });

/** The profile JSON inside a pasted link, or the text itself when it is not a link. */
export function profileTextFrom(source: string): string {
  const trimmed = source.trim();
  if (!isProfileLink(trimmed)) return trimmed;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw badLink();
  }
  const action = url.host || url.pathname.replace(/^\/+/, '');
  const encoded = url.searchParams.get('profile');
  if (action !== 'import' || !encoded || !/^[A-Za-z0-9_-]+$/.test(encoded) || encoded.length > (maxProfileChars * 4) / 3) throw badLink();
  return Buffer.from(encoded, 'base64url').toString('utf8');
}

/** `<Connection name>.skyhook`, minus characters that Windows, macOS or Linux refuse in a file name. */
export function profileFileName(connectionName: string): string {
  const safe = connectionName
    // eslint-disable-next-line no-control-regex
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '-')
    .replace(/[. ]+$/, '')
    .trim();
  return `${safe || 'Connection'}.skyhook`;
}
