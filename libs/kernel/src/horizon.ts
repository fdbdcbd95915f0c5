import { DomainError, FieldViolation, violation } from './errors';
import { isCalendarDay, startOfMontrealDay } from './montreal';

/**
 * How far after now a moment may be judged at: a compliance status, an exposure or its
 * forecast, an incident's obligations, an audit "as of". A product limit, not a rule of law:
 * farther than any forecast staff make, near enough that no request makes the server count
 * days for centuries.
 */
export const JUDGMENT_HORIZON_YEARS = 5;

/** The latest moment that may be judged at, seen from `now`. */
export function judgmentHorizon(now: Date): Date {
  const limit = new Date(now.getTime());
  limit.setUTCFullYear(limit.getUTCFullYear() + JUDGMENT_HORIZON_YEARS);
  return limit;
}

/**
 * The violation of a moment to judge at (an ISO instant, or a calendar day read as its start
 * in Montreal) that lies beyond the horizon; null when within it or absent.
 */
export function beyondHorizon(field: string, at: Date | string | undefined, now: Date): FieldViolation | null {
  if (at === undefined) return null;
  const t = typeof at === 'string' && isCalendarDay(at) ? startOfMontrealDay(at) : new Date(at);
  const limit = judgmentHorizon(now);
  if (!(t > limit)) return null;
  const day = limit.toISOString().slice(0, 10);
  return violation(
    field,
    'horizon',
    `must not be later than ${day}: at most ${JUDGMENT_HORIZON_YEARS} years from now`,
    `ne doit pas être postérieur au ${day} : au plus ${JUDGMENT_HORIZON_YEARS} ans à partir de maintenant`,
  );
}

/** Refuses (a validation error naming each field) moments to judge at that lie beyond the horizon. */
export function assertWithinHorizon(now: Date, moments: Record<string, Date | string | undefined>): void {
  const violations = Object.entries(moments)
    .map(([field, at]) => beyondHorizon(field, at, now))
    .filter((v): v is FieldViolation => v !== null);
  if (violations.length) throw DomainError.validation(violations);
}
