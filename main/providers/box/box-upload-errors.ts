import { AppError } from '../../shared/app-error';
import type { BoxMode } from './diagnostics';

/**
 * What Box's upload answers mean for the person delivering files. The write permission
 * is a separate wizard step ("deliver"), named whenever Box refuses to write.
 */

export interface BoxErrorBody {
  code?: string;
  message?: string;
  /** 409 item_name_in_use: the file already there (Box sends its mini form, with `sha1`). */
  conflict?: { id: string; sha1?: string };
}

export function readBoxError(body: unknown): BoxErrorBody {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as { code?: unknown; message?: unknown; context_info?: { conflicts?: unknown } };
  const raw = record.context_info?.conflicts;
  // Pre-flight sends one object; the upload endpoints send a list.
  const first = (Array.isArray(raw) ? raw[0] : raw) as { id?: unknown; sha1?: unknown } | undefined;
  return {
    ...(typeof record.code === 'string' ? { code: record.code } : {}),
    ...(typeof record.message === 'string' ? { message: record.message } : {}),
    ...(first && typeof first.id === 'string'
      ? { conflict: { id: first.id, ...(typeof first.sha1 === 'string' ? { sha1: first.sha1 } : {}) } }
      : {}),
  };
}

export function writeRefused(mode: BoxMode, scope: boolean): AppError {
  const reauthorize =
    mode === 'oauth'
      ? 'then sign in again so the new permission is granted.'
      : 'save, then Review and Submit again: your Box admin must re-authorize the app in the Admin Console (Apps → Custom Apps Manager) before the new scope applies.';
  return new AppError({
    code: 'write_not_allowed',
    message: scope ? 'The Box app is not allowed to write files.' : 'Box does not let this connection add files to the delivery folder.',
    fix: scope
      ? `In the Developer Console open the app's Configuration tab, turn on 'Write all files and folders stored in Box' under Application Scopes, ${reauthorize}`
      : mode === 'oauth'
        ? 'Ask the folder owner to invite you as Editor (or Uploader), or pick another delivery folder.'
        : "Invite the app's service account to the delivery folder as Editor (or Uploader), or pick another delivery folder.",
    step: 'deliver',
  });
}

/** Errors every upload request can meet; undefined when the caller must decide (a conflict). */
export function uploadError(status: number, body: BoxErrorBody, mode: BoxMode, name: string): AppError | undefined {
  switch (body.code) {
    case 'item_name_in_use':
      return undefined;
    case 'insufficient_scope':
      return writeRefused(mode, true);
    case 'access_denied_insufficient_permissions':
    case 'access_denied_item_locked':
      return writeRefused(mode, false);
    case 'storage_limit_exceeded':
      return new AppError({
        code: 'quota_exceeded',
        message: `The Box account has no room left for ${name}.`,
        fix: 'Free up space in Box or ask your Box admin for more storage, then retry.',
      });
    case 'file_size_limit_exceeded':
      return new AppError({
        code: 'file_too_large',
        message: `${name} is larger than this Box account may upload.`,
        fix: 'Upload a smaller file, or ask your Box admin about the upload limit of your plan.',
      });
    case 'item_name_invalid':
    case 'item_name_too_long':
      return new AppError({
        code: 'name_refused',
        message: `Box does not accept the name "${name}"${body.code === 'item_name_too_long' ? ' (too long)' : ''}.`,
        fix: 'Rename the file (no / or \\, no leading or trailing spaces, at most 255 characters) and drop it again.',
      });
    default:
      break;
  }
  if (status === 404) {
    return new AppError({
      code: 'delivery_folder_not_found',
      message: 'Box cannot find the delivery folder, or this connection cannot see it.',
      fix: 'Pick the delivery folder again in the connection’s settings.',
      step: 'deliver',
    });
  }
  return undefined;
}

/** Box's own rules for names, checked before any byte is sent. */
export function boxNameProblem(name: string): string | undefined {
  if (name.length > 255) return `"${name.slice(0, 40)}…" is longer than the 255 characters Box allows.`;
  if (name === '.' || name === '..') return `Box does not accept "${name}" as a file name.`;
  if (/[/\\]/.test(name)) return `Box does not accept / or \\ in "${name}".`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return `"${name}" contains characters Box does not accept.`;
  if (name !== name.trim()) return `Box does not accept names that begin or end with a space ("${name}").`;
  return undefined;
}
