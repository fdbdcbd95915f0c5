import { montrealDay, startOfMontrealDay } from '@app/kernel';

/**
 * Calendar days as integers (days since 1970-01-01), so that counting thousands of
 * penalty days is plain arithmetic. Only the boundaries between instants and days go
 * through the Montreal time zone (Luxon), so DST days count once each.
 */
export type DayNumber = number;

const MS_PER_DAY = 86_400_000;

export function dayNumber(day: string): DayNumber {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

export function dayString(n: DayNumber): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The Montreal day containing an instant. */
export const montrealDayNumber = (instant: string | Date): DayNumber => dayNumber(montrealDay(new Date(instant)));

/** First Montreal day that lies entirely at or after `instant`. */
export function firstWholeDayFrom(instant: string): DayNumber {
  const d = montrealDayNumber(instant);
  return startOfMontrealDay(dayString(d)).getTime() === new Date(instant).getTime() ? d : d + 1;
}

/** Last Montreal day that ends at or before `instant`. */
export const lastWholeDayBefore = (instant: string | Date): DayNumber => montrealDayNumber(instant) - 1;
