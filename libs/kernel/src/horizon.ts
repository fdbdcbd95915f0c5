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

/**
 * The violation of the moment a document says it stood at (the register "as it stood at T")
 * when that moment is still to come: a document dated tomorrow would certify what no one can
 * know yet. Null when it is now or past.
 */
export function notYetCome(field: string, at: Date | string, now: Date): FieldViolation | null {
  if (!(new Date(at) > now)) return null;
  return violation(field, 'notInFuture', 'must not be later than now: a document can only state what stood at a moment past', 'ne doit pas être postérieur à maintenant : un document ne peut attester que d’un moment passé');
}

/** Refuses (a validation error naming each field) moments to judge at that lie beyond the horizon. */
export function assertWithinHorizon(now: Date, moments: Record<string, Date | string | undefined>): void {
  const violations = Object.entries(moments)
    .map(([field, at]) => beyondHorizon(field, at, now))
    .filter((v): v is FieldViolation => v !== null);
  if (violations.length) throw DomainError.validation(violations);
}

/**
 * The earliest business time Vigie records: the start of 1 January 2000 in Montreal. A product
 * limit, not a rule of law: long before any duty Vigie tracks (PIPEDA's breach duties date
 * from 2018, Law 25's from 2022), and late enough that a mistyped century ("0226" for "2026")
 * is refused instead of recorded, where the penalty clock would accrue a day for every day
 * since, none of which could be taken back except by as many reversals.
 */
export const EARLIEST_BUSINESS_DAY = '2000-01-01';

/** The violation of a business time (an ISO instant) earlier than Vigie records; null otherwise. */
export function beforeEarliest(field: string, at: string): FieldViolation | null {
  if (!(new Date(at) < startOfMontrealDay(EARLIEST_BUSINESS_DAY))) return null;
  return violation(
    field,
    'notBefore2000',
    `must not be earlier than ${EARLIEST_BUSINESS_DAY}: Vigie records facts from then on`,
    `ne doit pas être antérieur au ${EARLIEST_BUSINESS_DAY} : Vigie consigne les faits à partir de cette date`,
  );
}
