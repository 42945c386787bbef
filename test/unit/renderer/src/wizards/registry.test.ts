import { describe, expect, it } from 'vitest';
import { connectionKindNames, connectionKinds } from '../../../../../preload/connection-kinds';
import { wizardOrder, wizards } from '../../../../../renderer/src/wizards/registry';

describe('wizards and kind descriptors', () => {
  it('has one wizard per kind, each walking exactly its descriptor steps in order', () => {
    expect([...wizardOrder].sort()).toEqual([...connectionKindNames].sort());
    for (const kind of connectionKindNames) {
      expect(wizards[kind].kind).toBe(kind);
      expect({ kind, steps: wizards[kind].steps.map((s) => s.id) }).toEqual({ kind, steps: [...connectionKinds[kind].steps] });
    }
  });
});
