export interface GridPosition {
  index: number;
  count: number;
  columns: number;
  /** Rows that fit in the visible area, for PageUp / PageDown. */
  pageRows: number;
}

/**
 * Where focus goes for a key in the ARIA grid pattern: arrows move one cell (Left/Right
 * wrap across rows, as in a file manager), Home/End go to the row's ends (with Ctrl, to
 * the first / last result), PageUp/PageDown move a screenful. Undefined: not a grid key.
 */
export function nextIndex(key: string, ctrl: boolean, p: GridPosition): number | undefined {
  if (p.count === 0) return undefined;
  const last = p.count - 1;
  const rowStart = p.index - (p.index % p.columns);
  const clamp = (i: number) => Math.min(last, Math.max(0, i));
  switch (key) {
    case 'ArrowRight':
      return clamp(p.index + 1);
    case 'ArrowLeft':
      return clamp(p.index - 1);
    case 'ArrowDown':
      // Into a shorter last row: its last cell, as file managers do.
      return rowStart + p.columns <= last ? Math.min(last, p.index + p.columns) : p.index;
    case 'ArrowUp':
      return p.index - p.columns >= 0 ? p.index - p.columns : p.index;
    case 'Home':
      return ctrl ? 0 : rowStart;
    case 'End':
      return ctrl ? last : Math.min(last, rowStart + p.columns - 1);
    case 'PageDown':
      return clamp(p.index + p.columns * Math.max(1, p.pageRows));
    case 'PageUp':
      return clamp(p.index - p.columns * Math.max(1, p.pageRows));
    default:
      return undefined;
  }
}
