import { describe, expect, it } from 'vitest';
import { LeadingDebounce } from '../../../../../renderer/src/search/leading-debounce';

describe('LeadingDebounce (the first keystroke after a pause searches at once)', () => {
  it('passes the first change after a pause at once and holds the quick ones after it', () => {
    let now = 10_000;
    const gate = new LeadingDebounce<string>(180, () => now);
    expect(gate.passesAtOnce('o')).toBe(true);
    now += 60;
    expect(gate.passesAtOnce('oc')).toBe(false);
    now += 60;
    expect(gate.passesAtOnce('oce')).toBe(false);
    // Asking again about the same value (a re-render) gives the same answer.
    now += 500;
    expect(gate.passesAtOnce('oce')).toBe(false);
    // A pause, then the next keystroke goes at once again.
    expect(gate.passesAtOnce('ocea')).toBe(true);
  });
});
