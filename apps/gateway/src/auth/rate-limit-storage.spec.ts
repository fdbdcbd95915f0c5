import { SlidingWindowStorage } from './rate-limit-storage';

describe('sliding-window rate-limit counters', () => {
  let now = 0;
  const storage = () => new SlidingWindowStorage(() => now, 3_600_000);
  const hit = (s: SlidingWindowStorage, key = '1.2.3.4') => s.increment(key, 60_000, 3, 60_000, 'default');
  beforeEach(() => (now = 1_000_000));

  it('given a limit of 3 a minute, the 4th request in the window is blocked, with the time to wait', async () => {
    const s = storage();
    for (const n of [1, 2, 3]) expect(await hit(s)).toMatchObject({ totalHits: n, isBlocked: false });
    expect(await hit(s)).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 60 });
    now += 30_000;
    expect(await hit(s)).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
  });

  it('clients are counted apart', async () => {
    const s = storage();
    for (let i = 0; i < 3; i++) await hit(s, 'a');
    expect(await hit(s, 'b')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('the previous window still counts for the part that overlaps the last minute', async () => {
    const s = storage();
    for (let i = 0; i < 3; i++) await hit(s);
    now += 60_000 + 15_000; // a quarter into the next window: 75 % of the previous 3 hits still count
    expect(await hit(s)).toMatchObject({ totalHits: Math.ceil(3 * 0.75) + 1, isBlocked: true });
    now += 2 * 60_000; // two windows later nothing is left
    expect(await hit(s)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('keeps two numbers per client however many requests it makes, and forgets idle clients', async () => {
    const s = storage();
    for (let i = 0; i < 10_000; i++) await s.increment(`k${i % 10}`, 60_000, 1_000_000, 0, 'default');
    expect(s.size()).toBe(10);
    now += 120_000;
    s.evictIdle();
    expect(s.size()).toBe(0);
  });
});
