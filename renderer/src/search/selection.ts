/**
 * Which results are selected, as file managers do it: a plain click selects one, Ctrl/Cmd
 * adds or removes one, Shift selects the range from the last plain or Ctrl click (the
 * anchor), Ctrl/Cmd-A selects all. Framework-free, over result keys in on-screen order.
 */
export interface Selection {
  keys: ReadonlySet<string>;
  anchor?: string;
}

export const emptySelection: Selection = { keys: new Set() };

export interface ClickModifiers {
  /** Shift: extend from the anchor. */
  range?: boolean;
  /** Ctrl on Windows and Linux, Cmd on macOS: add or remove one. */
  toggle?: boolean;
}

export function clickSelect(current: Selection, order: readonly string[], key: string, modifiers: ClickModifiers = {}): Selection {
  if (modifiers.range && current.anchor !== undefined) {
    const from = order.indexOf(current.anchor);
    const to = order.indexOf(key);
    if (from >= 0 && to >= 0) {
      const range = order.slice(Math.min(from, to), Math.max(from, to) + 1);
      const keys = modifiers.toggle ? new Set([...current.keys, ...range]) : new Set(range);
      return { keys, anchor: current.anchor };
    }
  }
  if (modifiers.toggle) {
    const keys = new Set(current.keys);
    if (keys.has(key)) keys.delete(key);
    else keys.add(key);
    return { keys, anchor: key };
  }
  return { keys: new Set([key]), anchor: key };
}

export function selectAll(order: readonly string[]): Selection {
  return { keys: new Set(order), anchor: order[0] };
}

/** Keeps only results still on screen (a new query, a type filter); the anchor goes with its result. */
export function keepVisible(current: Selection, order: readonly string[]): Selection {
  const visible = new Set(order);
  const keys = [...current.keys].filter((k) => visible.has(k));
  if (keys.length === current.keys.size) return current;
  return { keys: new Set(keys), ...(current.anchor !== undefined && visible.has(current.anchor) ? { anchor: current.anchor } : {}) };
}

/**
 * What a drag of `key` carries: the whole selection, in on-screen order with the dragged
 * one first, when the dragged result is part of it; otherwise just that result.
 */
export function dragSet(current: Selection, order: readonly string[], key: string): string[] {
  if (!current.keys.has(key) || current.keys.size < 2) return [key];
  return [key, ...order.filter((k) => k !== key && current.keys.has(k))];
}
