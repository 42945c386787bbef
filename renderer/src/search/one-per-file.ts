import type { ConnectionSummary, SearchHit } from '../../../preload/contract';

/** A result as the grid shows it: one per file, with the other connections that reach it. */
export type ShownHit = SearchHit & { alsoIn?: readonly SearchHit[] };

/**
 * How well this person reaches a file through a connection, best first. Their own sign-in
 * comes first (Box OAuth, OneDrive signed in): it opens the file in the web app they
 * use, with their permissions and their name on the download. Then an app connection with
 * its own credentials (Box Client Credentials or JWT service account), then anything not
 * signed in. Among equals the connection that answered first wins, so tiles stay put.
 */
export function reachRank(connection: Pick<ConnectionSummary, 'kind' | 'auth'> | undefined): number {
  if (!connection) return 3;
  if (connection.auth === 'signed-in') return 0;
  if (connection.auth === 'not-needed') return 1;
  return 2;
}

/**
 * One result per file across connections that reach the same Box instance or drive (a
 * shared `fileKey`). The tile stays where the file first arrived; it opens and drags
 * through the best-reached connection, and names the others under "also in".
 */
export function onePerFile(hits: readonly SearchHit[], rankOf: (connectionId: string) => number): ShownHit[] {
  const groups = new Map<string, SearchHit[]>();
  for (const hit of hits) {
    if (!hit.fileKey) continue;
    const group = groups.get(hit.fileKey);
    if (group) group.push(hit);
    else groups.set(hit.fileKey, [hit]);
  }
  if ([...groups.values()].every((g) => g.length === 1)) return hits as ShownHit[];
  const shown: ShownHit[] = [];
  for (const hit of hits) {
    const group = hit.fileKey ? groups.get(hit.fileKey) : undefined;
    if (!group || group.length === 1) {
      shown.push(hit);
      continue;
    }
    // Only the first arrival holds the place; the rest are folded into it.
    if (group[0] !== hit) continue;
    const ranked = [...group].sort((a, b) => rankOf(a.connectionId) - rankOf(b.connectionId));
    const [best, ...others] = ranked as [SearchHit, ...SearchHit[]];
    shown.push({ ...best, alsoIn: others });
  }
  return shown;
}
