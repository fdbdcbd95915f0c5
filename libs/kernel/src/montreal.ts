import { DateTime } from 'luxon';

/**
 * The Montreal calendar. Deadlines and penalty days are computed in America/Montreal,
 * with Luxon's IANA zone support (no hand-written offsets), so DST changes are right.
 */
export const MONTREAL = 'America/Montreal';

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
/** Bound of each memo below (cleared when full). */
const CACHE_MAX = 50_000;

export function isCalendarDay(day: string): boolean {
  return DAY_RE.test(day) && DateTime.fromISO(day, { zone: MONTREAL }).isValid;
}

/** The Montreal calendar day (YYYY-MM-DD) that contains an instant. */
export function montrealDay(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: MONTREAL }).toISODate()!;
}

/**
 * Memoizes a pure function of a string (bounded: cleared when full). Time-zone lookups
 * dominate day counting and every read model asks them of the same recorded instants and
 * days, at tens of microseconds each; their answers never change.
 */
export function memoized<T>(fn: (key: string) => T, max = CACHE_MAX): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = fn(key);
      if (cache.size >= max) cache.clear();
      cache.set(key, v);
    }
    return v;
  };
}

const HOUR_MS = 3_600_000;
const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone: MONTREAL }).offset;
/** Montreal's UTC offset in each hour of UTC time, as Luxon's zone data gives it; an hour in which it changes is not kept. */
const hourOffsets = new Map<number, number>();

/**
 * Montreal's offset from UTC at an instant, in minutes (-300 in winter, -240 in summer). Zone
 * lookups cost tens of microseconds and every read asks them of thousands of instants: the
 * offset is memoized per hour of UTC time when it is the same at both ends of that hour (an
 * hour holding a change is looked up instant by instant). Exact, whatever the zone's rules.
 */
export function montrealOffsetMinutes(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = hourOffsets.get(hour);
  if (offset === undefined) {
    const start = offsetAt(hour * HOUR_MS);
    if (start !== offsetAt(hour * HOUR_MS + HOUR_MS - 1)) return offsetAt(ms);
    if (hourOffsets.size >= CACHE_MAX) hourOffsets.clear();
    hourOffsets.set(hour, (offset = start));
  }
  return offset;
}

/** The Montreal wall-clock time of an ISO 8601 instant, as "YYYY-MM-DDTHH:mm:ss.sss" (no offset). */
export function montrealWallClock(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${iso}`);
  return new Date(ms + montrealOffsetMinutes(ms) * 60_000).toISOString().slice(0, 23);
}

/** The Montreal calendar day of an ISO 8601 instant (memoized: the rule packs ask it of each incident's awareness, pack by pack, read after read). */
export const montrealDayOf = memoized((iso: string): string => montrealWallClock(iso).slice(0, 10));

const addToDayKey = memoized((key: string): string => {
  const [day, years, months] = key.split('|');
  return DateTime.fromISO(day, { zone: 'utc' }).plus({ years: Number(years), months: Number(months) }).toISODate()!;
});

/** Calendar arithmetic in years and months (the 29th of February plus a year is the 28th): no time zone is involved. */
export function addToDay(day: string, by: { years?: number; months?: number }): string {
  return addToDayKey(`${day}|${by.years ?? 0}|${by.months ?? 0}`);
}

const startMs = memoized((day: string): number => {
  const dt = DateTime.fromISO(day, { zone: MONTREAL }).startOf('day');
  if (!dt.isValid) throw new RangeError(`not a calendar day: ${day}`);
  return dt.toMillis();
});

/** The instant a Montreal calendar day starts (00:00 local, 23 or 25 hours long on DST days). */
export function startOfMontrealDay(day: string): Date {
  return new Date(startMs(day));
}

/** The instant a Montreal calendar day ends (= the start of the next day). */
export function endOfMontrealDay(day: string): Date {
  return startOfMontrealDay(addDays(day, 1));
}

const MS_PER_DAY = 86_400_000;
const dayMs = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));

/** Calendar arithmetic on YYYY-MM-DD needs no time zone (a calendar day is a calendar day). */
export function addDays(day: string, n: number): string {
  return new Date(dayMs(day) + n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (to − from), independent of DST. */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / MS_PER_DAY);
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
/** A calendar day ("2026-10-31") for people: "31 oct. 2026" in French, "Oct 31, 2026" in English. */
export function formatDayFor(day: string, locale: 'fr' | 'en'): string {
  return DateTime.fromISO(day, { zone: 'UTC' })
    .setLocale(locale === 'fr' ? 'fr-CA' : 'en-CA')
    .toLocaleString(DateTime.DATE_MED);
}

export function formatMontreal(instant: Date, locale: 'fr' | 'en'): string {
  return DateTime.fromJSDate(instant, { zone: MONTREAL })
    .setLocale(locale === 'fr' ? 'fr-CA' : 'en-CA')
    .toLocaleString(DateTime.DATETIME_MED);
}
