/**
 * The bookkeeping half of the media cache: which groups of files exist, how big they are
 * and when each was last used. No file system here, so the eviction order can be tested
 * on its own. A group is what must live or die together (a thumbnail and its drag icon).
 */
export interface LruEntry {
  lastUsed: number;
  /** File path → size in bytes. */
  files: Map<string, number>;
}

export class LruIndex {
  private readonly entries = new Map<string, LruEntry>();
  private bytes = 0;

  get totalBytes(): number {
    return this.bytes;
  }

  get fileCount(): number {
    let count = 0;
    for (const entry of this.entries.values()) count += entry.files.size;
    return count;
  }

  has(group: string): boolean {
    return this.entries.has(group);
  }

  /** Records one file of a group; recording a file again replaces its size. */
  add(group: string, file: string, size: number, lastUsed: number): void {
    const entry = this.entries.get(group) ?? { lastUsed, files: new Map<string, number>() };
    this.bytes += size - (entry.files.get(file) ?? 0);
    entry.files.set(file, size);
    entry.lastUsed = Math.max(entry.lastUsed, lastUsed);
    this.entries.set(group, entry);
  }

  touch(group: string, when: number): boolean {
    const entry = this.entries.get(group);
    if (!entry) return false;
    entry.lastUsed = Math.max(entry.lastUsed, when);
    return true;
  }

  /** Forgets a group and returns its files, for the caller to delete. */
  remove(group: string): string[] {
    const entry = this.entries.get(group);
    if (!entry) return [];
    this.entries.delete(group);
    for (const size of entry.files.values()) this.bytes -= size;
    return [...entry.files.keys()];
  }

  groups(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * The least recently used groups to drop so that the total fits `targetBytes`, never
   * one of `keep` (what was just written or is being handed to a drag).
   */
  victims(targetBytes: number, keep: ReadonlySet<string> = new Set()): string[] {
    if (this.bytes <= targetBytes) return [];
    const oldestFirst = [...this.entries.entries()].filter(([group]) => !keep.has(group)).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    const chosen: string[] = [];
    let remaining = this.bytes;
    for (const [group, entry] of oldestFirst) {
      if (remaining <= targetBytes) break;
      chosen.push(group);
      for (const size of entry.files.values()) remaining -= size;
    }
    return chosen;
  }
}
