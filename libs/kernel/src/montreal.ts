import { DateTime } from 'luxon';

/**
 * The Montreal calendar. Deadlines and penalty days are computed in America/Montreal,
 * with Luxon's IANA zone support (no hand-written offsets), so DST changes are right.
 */
export const MONTREAL = 'America/Montreal';

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDay(day: string): boolean {
  return DAY_RE.test(day) && DateTime.fromISO(day, { zone: MONTREAL }).isValid;
}

/** The Montreal calendar day (YYYY-MM-DD) that contains an instant. */
export function montrealDay(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: MONTREAL }).toISODate()!;
}

/** The instant a Montreal calendar day starts (00:00 local, 23 or 25 hours long on DST days). */
export function startOfMontrealDay(day: string): Date {
  const dt = DateTime.fromISO(day, { zone: MONTREAL }).startOf('day');
  if (!dt.isValid) throw new RangeError(`not a calendar day: ${day}`);
  return dt.toJSDate();
}

/** The instant a Montreal calendar day ends (= the start of the next day). */
export function endOfMontrealDay(day: string): Date {
  return startOfMontrealDay(addDays(day, 1));
}

export function addDays(day: string, n: number): string {
  return DateTime.fromISO(day, { zone: MONTREAL }).plus({ days: n }).toISODate()!;
}

/** Whole calendar days from `from` to `to` (to − from), independent of DST. */
export function daysBetween(from: string, to: string): number {
  const a = DateTime.fromISO(from, { zone: 'UTC' });
  const b = DateTime.fromISO(to, { zone: 'UTC' });
  return Math.round(b.diff(a, 'days').days);
}

/** Elapsed-time arithmetic: `hours` real hours after an instant (a 24 h deadline across DST is 24 real hours). */
export function addHours(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * 3_600_000);
}

/** Length of a Montreal calendar day in hours: 23 in spring, 25 in autumn, else 24. */
export function montrealDayLengthHours(day: string): number {
  return (endOfMontrealDay(day).getTime() - startOfMontrealDay(day).getTime()) / 3_600_000;
}

/** Formats an instant for people, in Montreal time. */
export function formatMontreal(instant: Date, locale: 'fr' | 'en'): string {
  return DateTime.fromJSDate(instant, { zone: MONTREAL })
    .setLocale(locale === 'fr' ? 'fr-CA' : 'en-CA')
    .toLocaleString(DateTime.DATETIME_MED);
}
