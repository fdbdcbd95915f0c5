import type { RecordedEvent } from '@app/event-store';
import { Money, montrealDayOf } from '@app/kernel';
import { dayNumber } from './calendar-days';
import { groupMissedDuties } from './order';

export interface LedgerLine {
  day: string;
  entry: 'accrual' | 'reversal' | 'payment' | 'payment_cancelled';
  amountCents: number;
  balanceCents: number;
  currency: Money['currency'];
  /** The reversal's reason, the payment's reference, or the accrual's missed duties (their codes). */
  detail: string;
  /** For an accrual: the duties missed that day (codes, see describeDuty). */
  missedDuties: string[];
  recordedAt: string;
  position: number;
  eventId: string;
}

/**
 * An order's penalty ledger, from its events in the order they were recorded: each daily
 * accrual (+), each reversal (−, never an edit: the accrual stays visible), each
 * payment (−) and each cancellation of a payment recorded in error (+, the payment stays
 * visible), with the running balance owed.
 */
export function ledgerLines(events: RecordedEvent[]): LedgerLine[] {
  let balance = 0;
  const out: LedgerLine[] = [];
  for (const e of events) {
    const d = e.data as { day?: string; amount: Money; missedDuties?: string[]; reason?: string; paidAt?: string; reference?: string; payment?: number };
    let line: Omit<LedgerLine, 'balanceCents' | 'recordedAt' | 'position' | 'eventId' | 'currency'> | null = null;
    if (e.type === 'DailyPenaltyAccrued') {
      const missedDuties = accrualCodes(d.missedDuties ?? []);
      line = { day: d.day!, entry: 'accrual', amountCents: d.amount.cents, detail: missedDuties.join(', '), missedDuties };
    }
    if (e.type === 'PenaltyAccrualReversed') line = { day: d.day!, entry: 'reversal', amountCents: -d.amount.cents, detail: d.reason ?? '', missedDuties: [] };
    if (e.type === 'PenaltyPaymentRecorded') line = { day: montrealDayOf(d.paidAt!), entry: 'payment', amountCents: -d.amount.cents, detail: d.reference ?? '', missedDuties: [] };
    // A payment recorded in error stays in the ledger; its cancellation puts the amount back, on the day it was cancelled.
    if (e.type === 'PenaltyPaymentCancelled') line = { day: montrealDayOf(e.metadata.occurredAt), entry: 'payment_cancelled', amountCents: d.amount.cents, detail: `#${d.payment}: ${d.reason ?? ''}`, missedDuties: [] };
    if (!line) continue;
    balance += line.amountCents;
    out.push({ ...line, balanceCents: balance, currency: d.amount.currency, recordedAt: e.metadata.recordedAt, position: e.position, eventId: e.id });
  }
  return out;
}

/**
 * An accrual's codes as the clock writes them now. Accruals recorded before a day's list was
 * bounded (MAX_DUTIES_NAMED) name every measure, and every missed report one by one: an
 * order with 500 measures gave each ledger line 500 codes. The event stays as recorded (the
 * audit log shows it); the ledger, its export and the audit's series read it grouped and
 * counted by the same rule (groupMissedDuties), which leaves a list written by today's clock
 * unchanged.
 */
function accrualCodes(codes: string[]): string[] {
  return codes.length <= 1 ? codes : groupMissedDuties(codes);
}

/** How the ledger is summed: a point per day, or per month (Montreal calendar, as the ledger's days are). */
export type LedgerGrain = 'day' | 'month';

/** One period of the ledger: what accrued, was reversed and was paid in it, and the balance owed at its end. */
export interface LedgerPeriod {
  /** `YYYY-MM-DD` by day, `YYYY-MM` by month. */
  period: string;
  /** Penalty days accrued in the period (accrual lines). */
  penaltyDays: number;
  /** Reversal lines in the period. */
  reversals: number;
  accruedCents: number;
  /** Reversals: zero or negative. */
  reversedCents: number;
  /** Payments net of payments cancelled: usually zero or negative. */
  paidCents: number;
  /** The balance owed once every period up to this one is counted. */
  balanceCents: number;
}

export interface LedgerSeries {
  grain: LedgerGrain;
  currency: Money['currency'] | null;
  totals: { penaltyDays: number; reversals: number; payments: number; paymentsCancelled: number; balanceCents: number };
  periods: LedgerPeriod[];
}

/** A ledger spanning more calendar days than this (first and last included) is summed by month unless the caller asks otherwise: a chart of years draws months. */
export const DAILY_SPAN_LIMIT = 366;

/** The grain that fits the ledger: days for up to a year of it, months beyond. */
export function fittingGrain(lines: readonly LedgerLine[]): LedgerGrain {
  if (!lines.length) return 'day';
  let first = lines[0].day;
  let last = first;
  for (const l of lines) {
    if (l.day < first) first = l.day;
    if (l.day > last) last = l.day;
  }
  return dayNumber(last) - dayNumber(first) + 1 <= DAILY_SPAN_LIMIT ? 'day' : 'month';
}

/**
 * The ledger summed by period, in calendar order: each line counts in the period of its day
 * (the penalty day for an accrual or a reversal, the day paid or cancelled for a payment), so
 * a reversal recorded today for a day of last year lowers last year's period, as the ledger
 * now knows it. The balance runs over the periods; the last one's is the ledger's balance.
 */
export function ledgerSeries(lines: readonly LedgerLine[], grain: LedgerGrain = fittingGrain(lines)): LedgerSeries {
  const byPeriod = new Map<string, LedgerPeriod>();
  const totals = { penaltyDays: 0, reversals: 0, payments: 0, paymentsCancelled: 0, balanceCents: 0 };
  for (const l of lines) {
    const period = grain === 'day' ? l.day : l.day.slice(0, 7);
    let p = byPeriod.get(period);
    if (!p) byPeriod.set(period, (p = { period, penaltyDays: 0, reversals: 0, accruedCents: 0, reversedCents: 0, paidCents: 0, balanceCents: 0 }));
    if (l.entry === 'accrual') {
      p.penaltyDays++;
      p.accruedCents += l.amountCents;
      totals.penaltyDays++;
    } else if (l.entry === 'reversal') {
      p.reversals++;
      p.reversedCents += l.amountCents;
      totals.reversals++;
    } else {
      p.paidCents += l.amountCents;
      if (l.entry === 'payment') totals.payments++;
      else totals.paymentsCancelled++;
    }
  }
  const periods = [...byPeriod.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  let balance = 0;
  for (const p of periods) {
    balance += p.accruedCents + p.reversedCents + p.paidCents;
    p.balanceCents = balance;
  }
  totals.balanceCents = balance;
  return { grain, currency: lines[0]?.currency ?? null, totals, periods };
}
