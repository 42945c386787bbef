import { describe, expect, it } from 'vitest';
import { clickSelect, dragSet, emptySelection, keepVisible, selectAll } from '../../../../../renderer/src/search/selection';

const order = ['a', 'b', 'c', 'd', 'e'];
const keys = (s: { keys: ReadonlySet<string> }) => [...s.keys].sort();

describe('result selection', () => {
  it('selects one on a plain click, adds and removes with Ctrl/Cmd, and selects a range with Shift', () => {
    let s = clickSelect(emptySelection, order, 'b');
    expect(keys(s)).toEqual(['b']);
    s = clickSelect(s, order, 'd', { toggle: true });
    expect(keys(s)).toEqual(['b', 'd']);
    s = clickSelect(s, order, 'b', { toggle: true });
    expect(keys(s)).toEqual(['d']);
    // The anchor is the last Ctrl-click: Shift extends from there, backwards too.
    s = clickSelect(s, order, 'a', { range: true });
    expect(keys(s)).toEqual(['a', 'b']);
    expect(s.anchor).toBe('b');
    s = clickSelect(s, order, 'e', { range: true, toggle: true });
    expect(keys(s)).toEqual(['a', 'b', 'c', 'd', 'e']);
    s = clickSelect(s, order, 'c');
    expect(keys(s)).toEqual(['c']);
  });

  it('treats Shift without an anchor as a plain click, and Ctrl/Cmd-A as everything', () => {
    expect(keys(clickSelect(emptySelection, order, 'c', { range: true }))).toEqual(['c']);
    expect(keys(selectAll(order))).toEqual(order);
  });

  it('drops results that left the screen, and drags the selection with the dragged one first', () => {
    const s = selectAll(order);
    expect(keys(keepVisible(s, ['b', 'e', 'z']))).toEqual(['b', 'e']);
    expect(keepVisible(s, order)).toBe(s);
    expect(dragSet(s, order, 'c')).toEqual(['c', 'a', 'b', 'd', 'e']);
    // Dragging a result outside the selection drags only that one.
    expect(dragSet(clickSelect(emptySelection, order, 'a'), order, 'd')).toEqual(['d']);
  });
});
