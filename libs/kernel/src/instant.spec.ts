import fc from 'fast-check';
import { DateTime } from 'luxon';
import { isIsoInstant } from './instant';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('isIsoInstant', () => {
  it('takes an instant with an offset or Z, with or without seconds and fractions', () => {
    for (const s of ['2020-06-18T10:00:00-04:00', '2020-06-18T10:00Z', '2020-06-18T10:00:59.123456789+14:00', '2024-02-29T23:59:59Z', '2000-02-29T00:00:00Z', '0000-02-29T00:00:00Z']) {
      expect([s, isIsoInstant(s)]).toEqual([s, true]);
    }
  });

  it('refuses a floating local time, a day that does not exist and a field out of range, and anything not a string', () => {
    for (const s of ['2020-06-18T10:00:00', '2020-06-18', '2023-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2020-04-31T00:00:00Z', '2020-13-01T00:00:00Z', '2020-00-10T00:00:00Z', '2020-06-00T00:00:00Z', '2020-06-18T24:00:00Z', '2020-06-18T10:60:00Z', '2020-06-18T10:00:60Z', '2020-06-18T10:00:00+15:00', '2020-06-18T10:00:00+14:60', ' 2020-06-18T10:00:00Z']) {
      expect([s, isIsoInstant(s)]).toEqual([s, false]);
    }
    for (const v of [undefined, null, 20200618, new Date(), {}]) expect(isIsoInstant(v)).toBe(false);
  });

  it('agrees with the calendar (luxon, proleptic Gregorian) on every combination of fields, in range or not', () => {
    const field = (max: number) => fc.integer({ min: 0, max });
    fc.assert(
      fc.property(field(9999), field(99), field(99), field(99), field(99), fc.option(field(99)), fc.option(fc.tuple(fc.constantFrom('+', '-'), field(99), field(99))), (y, mo, d, h, mi, s, offset) => {
        const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}${s === null ? '' : `:${pad(s, 2)}`}${offset === null ? 'Z' : `${offset[0]}${pad(offset[1], 2)}:${pad(offset[2], 2)}`}`;
        const dayExists = mo >= 1 && mo <= 12 && d >= 1 && d <= DateTime.utc(y, mo).daysInMonth!;
        const timeInRange = h <= 23 && mi <= 59 && (s ?? 0) <= 59 && (offset === null || (offset[1] <= 14 && offset[2] <= 59));
        expect(isIsoInstant(text)).toBe(dayExists && timeInRange);
      }),
      { numRuns: 5000 },
    );
  });
});
