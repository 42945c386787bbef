import { describe, expect, it } from 'vitest';
import { asksForNextPage, nearEndMargin } from '../../../../../renderer/src/search/next-page';

const view = { viewBottom: 820 };

describe('asking for the next page', () => {
  it('asks when the observer saw the end and it is still within the margin below the view', () => {
    expect(asksForNextPage(true, { ...view, endTop: 500 })).toBe(true);
    expect(asksForNextPage(true, { ...view, endTop: 820 + nearEndMargin })).toBe(true);
  });

  it('does not ask on the flag left from the shorter list once a page has pushed the end away', () => {
    // The observer saw the empty grid's end; the 200 results that landed moved it 7 000 px down.
    expect(asksForNextPage(true, { ...view, endTop: 7_588 })).toBe(false);
    expect(asksForNextPage(true, { ...view, endTop: 820 + nearEndMargin + 1 })).toBe(false);
  });

  it('waits for the observer: a list that is short now is asked for when the observer reports it', () => {
    expect(asksForNextPage(false, { ...view, endTop: 500 })).toBe(false);
  });
});
