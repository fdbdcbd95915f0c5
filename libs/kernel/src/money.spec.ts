import { formatCountBoth, formatMoney, money } from './money';
import { DateTime } from 'luxon';
import { addDays, addToDay, memoized, MONTREAL, montrealDay, montrealDayLengthHours, montrealDayOf, montrealOffsetMinutes, montrealWallClock, startOfMontrealDay } from './montreal';

const offsetByLuxon = (iso: string) => DateTime.fromISO(iso, { zone: MONTREAL }).offset;

describe('money', () => {
  it('shows $10,000 in en-CA and 10 000 $ (no-break spaces) in fr-CA', () => {
    expect(formatMoney(money(1_000_000), 'en')).toBe('$10,000');
    expect(formatMoney(money(1_000_000), 'fr')).toBe('10\u00a0000\u00a0$');
    expect(formatMoney(money(123_456_789), 'fr')).toBe('1\u00a0234\u00a0567,89\u00a0$');
    expect(formatMoney(money(-50), 'en')).toBe('-$0.50');
  });
  it('each amount gets its own shape, whatever was formatted before it (the formatters are made once and kept)', () => {
    const amounts = [1_000_000, 50, 1_000_000, 123_456_789, 200, 0, -50];
    const expected = { en: ['$10,000', '$0.50', '$10,000', '$1,234,567.89', '$2', '$0', '-$0.50'], fr: ['10\u00a0000\u00a0$', '0,50\u00a0$', '10\u00a0000\u00a0$', '1\u00a0234\u00a0567,89\u00a0$', '2\u00a0$', '0\u00a0$', '-0,50\u00a0$'] };
    for (let round = 0; round < 2; round++) {
      expect(amounts.map((c) => formatMoney(money(c), 'en'))).toEqual(expected.en);
      expect(amounts.map((c) => formatMoney(money(c), 'fr'))).toEqual(expected.fr);
    }
    expect(formatCountBoth(2090)).toEqual({ fr: '2\u00a0090', en: '2,090' });
    expect(formatMoney(money(2090), 'fr')).toBe('20,90\u00a0$'); // a count's formatter is not a currency's
  });
  it('refuses fractional cents', () => {
    expect(() => money(10.5)).toThrow(/whole number of cents/);
  });
});

describe('the Montreal calendar', () => {
  it('knows the DST days: 23 h in spring, 25 h in autumn', () => {
    expect(montrealDayLengthHours('2021-03-14')).toBe(23);
    expect(montrealDayLengthHours('2021-11-07')).toBe(25);
    expect(montrealDayLengthHours('2021-06-01')).toBe(24);
  });
  it('maps instants to Montreal days and back', () => {
    expect(montrealDay(new Date('2021-03-15T03:59:59Z'))).toBe('2021-03-14');
    expect(montrealDay(new Date('2021-03-15T04:00:00Z'))).toBe('2021-03-15');
    expect(startOfMontrealDay('2021-11-08').toISOString()).toBe('2021-11-08T05:00:00.000Z');
    expect(addDays('2021-12-31', 1)).toBe('2022-01-01');
  });
  it('gives the Montreal day of an ISO instant, whatever its offset, and refuses what is not one', () => {
    expect(montrealDayOf('2021-03-15T03:59:59Z')).toBe('2021-03-14');
    expect(montrealDayOf('2021-03-14T23:59:59-04:00')).toBe('2021-03-14');
    expect(montrealDayOf('2021-03-15T04:59:59+01:00')).toBe('2021-03-14');
    expect(() => montrealDayOf('not an instant')).toThrow(RangeError);
  });
  it('gives Montreal wall-clock time on both sides of each DST change, to the millisecond', () => {
    // Spring: 02:00 EST becomes 03:00 EDT (07:00Z); autumn: 02:00 EDT becomes 01:00 EST (06:00Z).
    expect(montrealWallClock('2021-03-14T06:59:59.999Z')).toBe('2021-03-14T01:59:59.999');
    expect(montrealWallClock('2021-03-14T07:00:00.000Z')).toBe('2021-03-14T03:00:00.000');
    expect(montrealWallClock('2021-11-07T05:59:59.999Z')).toBe('2021-11-07T01:59:59.999');
    expect(montrealWallClock('2021-11-07T06:00:00.000Z')).toBe('2021-11-07T01:00:00.000');
    expect(montrealOffsetMinutes(Date.parse('2021-11-07T05:30:00Z'))).toBe(-240);
    expect(montrealOffsetMinutes(Date.parse('2021-11-07T06:30:00Z'))).toBe(-300);
    // Until 1895 the zone kept local mean time (-5:17:32), and its change fell inside an hour of UTC.
    expect(offsetByLuxon('1895-01-01T05:17:31Z')).not.toBe(offsetByLuxon('1895-01-01T05:17:33Z'));
    expect(montrealOffsetMinutes(Date.parse('1895-01-01T05:17:31Z'))).toBe(offsetByLuxon('1895-01-01T05:17:31Z'));
    expect(montrealOffsetMinutes(Date.parse('1895-01-01T05:17:33Z'))).toBe(offsetByLuxon('1895-01-01T05:17:33Z'));
  });
  it('adds years and months on the calendar: the 29th of February plus a year is the 28th', () => {
    expect(addToDay('2024-02-29', { years: 1 })).toBe('2025-02-28');
    expect(addToDay('2026-08-31', { months: 6 })).toBe('2027-02-28');
    expect(addToDay('2026-10-30', { years: 5 })).toBe('2031-10-30');
  });
});

describe('memoized', () => {
  it('computes each key once, recomputes after the bound clears it, and keeps no failure', () => {
    const calls: string[] = [];
    const f = memoized((k: string) => {
      calls.push(k);
      if (k === 'bad') throw new Error('bad');
      return k.length;
    }, 2);
    expect([f('a'), f('bb'), f('a'), f('bb')]).toEqual([1, 2, 1, 2]);
    expect(calls).toEqual(['a', 'bb']);
    f('ccc'); // full: cleared, then 'ccc' kept
    f('a');
    expect(calls).toEqual(['a', 'bb', 'ccc', 'a']);
    expect(() => f('bad')).toThrow('bad');
    expect(() => f('bad')).toThrow('bad');
    expect(calls.filter((k) => k === 'bad')).toHaveLength(2);
  });
});
