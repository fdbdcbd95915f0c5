const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Days in each month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * An ISO 8601 date-time with an explicit offset (no floating local time in a compliance
 * record), every field in range (no 31 February; the proleptic Gregorian calendar, as
 * ECMAScript’s dates). Checked by hand, building no date and no array beyond the match: it sits on the append path
 * and on every validated instant of a request.
 */
export function isIsoInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = INSTANT_RE.exec(value);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const days = month === 2 && isLeapYear(Number(m[1])) ? 29 : MONTH_DAYS[month - 1];
  return (
    day <= days &&
    Number(m[4]) <= 23 &&
    Number(m[5]) <= 59 &&
    (m[6] === undefined || Number(m[6]) <= 59) &&
    (m[7] === undefined || (Number(m[7]) <= 14 && Number(m[8]) <= 59))
  );
}
