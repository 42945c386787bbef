import { describe, expect, it } from 'vitest';
import { WaitRequestedError } from '../../../../main/index/index-source';
import { asWaitRequest, RecentSet } from '../../../../main/providers/index-feed';
import { AppError } from '../../../../main/shared/app-error';

describe('asWaitRequest', () => {
  it('turns a rate limit with Retry-After into WaitRequestedError at now + Retry-After', () => {
    const error = asWaitRequest(new AppError({ code: 'rate_limited', message: 'slow down', retryAfter: 120 }), () => 1_000_000);
    expect(error).toBeInstanceOf(WaitRequestedError);
    expect((error as WaitRequestedError).until.getTime()).toBe(1_000_000 + 120_000);
  });

  it('leaves other errors alone', () => {
    const other = new AppError({ code: 'network', message: 'offline' });
    expect(asWaitRequest(other)).toBe(other);
  });
});

describe('RecentSet', () => {
  it('accepts an ID once, and forgets the oldest beyond its capacity', () => {
    const set = new RecentSet(2);
    expect(set.add('a')).toBe(true);
    expect(set.add('a')).toBe(false);
    set.add('b');
    set.add('c');
    expect(set.add('a')).toBe(true);
  });
});
