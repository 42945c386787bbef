import { describe, expect, it } from 'vitest';
import { RequestWindow } from '../../../../../main/providers/box/request-window';

describe('RequestWindow', () => {
  it('lets `limit` requests through per window, then waits until the oldest leaves it', async () => {
    let now = 0;
    const waits: number[] = [];
    const window = new RequestWindow(
      3,
      60_000,
      () => now,
      async (ms) => {
        waits.push(ms);
        now += ms;
      },
    );
    const signal = new AbortController().signal;
    for (let i = 0; i < 3; i++) {
      await window.take(signal);
      now += 1000;
    }
    expect(waits).toEqual([]);
    await window.take(signal);
    // The first request started at 0; the window frees it at 60 000 (now is 3 000).
    expect(waits).toEqual([57_000]);
  });
});
