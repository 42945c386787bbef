import type { StartupProblem } from '../../preload/contract';

/**
 * The one report, at start, that saved secrets cannot be decrypted any more: named by the
 * connections they belong to, so nobody blames Box or Microsoft for what is a changed key.
 */
export function undecryptableProblem(
  names: readonly string[],
  connections: ReadonlyArray<{ id: string; name: string }>,
): StartupProblem | undefined {
  const affected = connections.filter((c) => names.some((name) => name.startsWith(`conn/${c.id}/`)));
  if (affected.length === 0) return undefined;
  const list = affected.map((c) => c.name).join(', ');
  return {
    code: 'secrets_undecryptable',
    message: `Saved secrets of ${affected.length === 1 ? 'one connection' : `${affected.length} connections`} (${list}) can no longer be decrypted on this computer: the key that protects them changed (a new OS keychain, or the key file was replaced or removed).`,
    fix: 'Open each of these connections with Edit and enter its secret again, or sign in again. The unreadable copies were kept in case the old key comes back.',
  };
}
