import type { Departure, FakeDrive, FakeItem, FakeMicrosoftState } from './state';

/**
 * driveItem delta (GD api/driveitem-delta.md), the state part: which items a delta round
 * reports. A token records the change number it covers (`s`), the change number a round
 * of pages is frozen at (`u`), where the previous page stopped (`a`), and the epoch it was
 * issued in (`e`; expireDeltaTokens() moves the epoch on, and old tokens answer 410).
 */
export interface DeltaToken {
  e: number;
  s: number;
  u?: number;
  a?: [number, string];
}

export function encodeDeltaToken(token: DeltaToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodeDeltaToken(text: string): DeltaToken | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<DeltaToken>;
    if (typeof value.e !== 'number' || typeof value.s !== 'number') return undefined;
    return value as DeltaToken;
  } catch {
    return undefined;
  }
}

/** `seq` orders the round: the change number, or on a first round the creation number. */
export type DeltaEntry = { kind: 'item'; seq: number; item: FakeItem } | { kind: 'gone'; seq: number; departure: Departure };

/**
 * What changed below `scope` (the scope folder included) after change `since` up to
 * `upTo`, oldest change first (parents before their children on a first round). The
 * first round (`since` 0) lists what exists; later rounds add items deleted or moved out.
 */
export function deltaEntries(state: FakeMicrosoftState, drive: FakeDrive, scope: FakeItem, since: number, upTo: number): DeltaEntry[] {
  // A round of pages asks for the same list again and again: kept until anything changes.
  const key = `${drive.id}|${scope.id}|${since}|${upTo}|${state.changeSeq}|${state.items.size}`;
  const cached = lastRound.get(state);
  if (cached?.key === key) return cached.entries;
  const entries = computeEntries(state, drive, scope, since, upTo);
  lastRound.set(state, { key, entries });
  return entries;
}

const lastRound = new WeakMap<FakeMicrosoftState, { key: string; entries: DeltaEntry[] }>();

function computeEntries(state: FakeMicrosoftState, drive: FakeDrive, scope: FakeItem, since: number, upTo: number): DeltaEntry[] {
  const inScope = (item: FakeItem) => item.id === scope.id || state.isUnder(item, scope.id);
  const entries: DeltaEntry[] = [];
  const present = new Set<string>();
  for (const item of state.items.values()) {
    if (item.driveId !== drive.id || item.seq <= since || item.seq > upTo || !inScope(item)) continue;
    entries.push({ kind: 'item', seq: item.seq, item });
    present.add(item.id);
  }
  if (since > 0) {
    const gone = new Map<string, Departure>();
    for (const departure of state.departures) {
      if (departure.driveId !== drive.id || departure.seq <= since || departure.seq > upTo) continue;
      if (!departure.ancestors.includes(scope.id)) continue;
      const now = state.items.get(departure.id);
      // Moved out and back in again: the item itself is reported instead.
      if (now && inScope(now)) continue;
      gone.set(departure.id, departure);
    }
    for (const departure of gone.values()) if (!present.has(departure.id)) entries.push({ kind: 'gone', seq: departure.seq, departure });
  }
  // A first round lists what exists in creation order (parents first), later rounds by change.
  if (since === 0) for (const entry of entries) if (entry.kind === 'item') entry.seq = entry.item.created;
  const idOf = (entry: DeltaEntry) => (entry.kind === 'item' ? entry.item.id : entry.departure.id);
  return entries.sort((a, b) => a.seq - b.seq || idOf(a).localeCompare(idOf(b)));
}

/** Where a page stopped: the order key of its last entry. */
export function entryKey(entry: DeltaEntry): [number, string] {
  return [entry.seq, entry.kind === 'item' ? entry.item.id : entry.departure.id];
}

export function isAfter(entry: DeltaEntry, key: [number, string]): boolean {
  const [seq, id] = entryKey(entry);
  return seq > key[0] || (seq === key[0] && id.localeCompare(key[1]) > 0);
}

/** Where the entries after `key` start in a sorted round (binary search: rounds can hold 100 000 items). */
export function indexAfter(entries: DeltaEntry[], key: [number, string] | undefined): number {
  if (!key) return 0;
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (isAfter(entries[mid]!, key)) high = mid;
    else low = mid + 1;
  }
  return low;
}
