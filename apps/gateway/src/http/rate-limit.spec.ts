import { SlidingWindowRateLimiter } from './rate-limit';

describe('sliding-window rate limiting', () => {
  let now = 0;
  const limiter = (limit = 3) => new SlidingWindowRateLimiter(limit, 60_000, () => now, 3_600_000);
  beforeEach(() => (now = 1_000_000));

  it('given a limit of 3 a minute, the 4th request in the window is blocked, with the time to wait', () => {
    const l = limiter();
    for (const n of [1, 2, 3]) expect(l.hit('1.2.3.4')).toEqual({ totalHits: n, isBlocked: false, retryAfterSeconds: 0 });
    expect(l.hit('1.2.3.4')).toMatchObject({ totalHits: 4, isBlocked: true, retryAfterSeconds: 60 });
    now += 30_000;
    expect(l.hit('1.2.3.4')).toMatchObject({ isBlocked: true, retryAfterSeconds: 30 });
    l.close();
  });

  it('clients are counted apart', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.hit('a');
    expect(l.hit('b')).toMatchObject({ totalHits: 1, isBlocked: false });
    l.close();
  });

  it('the previous window still counts for the part that overlaps the last minute', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.hit('x');
    now += 60_000 + 15_000; // a quarter into the next window: 75 % of the previous 3 hits still count
    expect(l.hit('x')).toMatchObject({ totalHits: Math.ceil(3 * 0.75) + 1, isBlocked: true });
    now += 2 * 60_000; // two windows later nothing is left
    expect(l.hit('x')).toMatchObject({ totalHits: 1, isBlocked: false });
    l.close();
  });

  it('keeps two numbers per client however many requests it makes, and forgets idle clients', () => {
    const l = limiter(1_000_000);
    for (let i = 0; i < 10_000; i++) l.hit(`k${i % 10}`);
    expect(l.size()).toBe(10);
    now += 120_000;
    l.evictIdle();
    expect(l.size()).toBe(0);
    l.close();
  });
});
