import type { RecordedEvent } from '@app/event-store';
import { formatMoney, Money } from '@app/kernel';
import { describeDuties } from '@app/orders';
import { stringify } from 'csv-stringify/sync';
import { L, Lang, montrealDateTime } from './labels';
import { spreadsheetText } from './spreadsheet';

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
    if (e.type === 'DailyPenaltyAccrued') line = { day: d.day!, entry: 'accrual', amountCents: d.amount.cents, detail: (d.missedDuties ?? []).join(', '), missedDuties: d.missedDuties ?? [] };
    if (e.type === 'PenaltyAccrualReversed') line = { day: d.day!, entry: 'reversal', amountCents: -d.amount.cents, detail: d.reason ?? '', missedDuties: [] };
    if (e.type === 'PenaltyPaymentRecorded') line = { day: montrealDateTime(d.paidAt).slice(0, 10), entry: 'payment', amountCents: -d.amount.cents, detail: d.reference ?? '', missedDuties: [] };
    // A payment recorded in error stays in the ledger; its cancellation puts the amount back, on the day it was cancelled.
    if (e.type === 'PenaltyPaymentCancelled') line = { day: montrealDateTime(e.metadata.occurredAt).slice(0, 10), entry: 'payment_cancelled', amountCents: d.amount.cents, detail: `#${d.payment}: ${d.reason ?? ''}`, missedDuties: [] };
    if (!line) continue;
    balance += line.amountCents;
    out.push({ ...line, balanceCents: balance, currency: d.amount.currency, recordedAt: e.metadata.recordedAt, position: e.position, eventId: e.id });
  }
  return out;
}

/** The ledger as CSV (UTF-8 with BOM; `;` in French, `,` in English); amounts in integer cents and formatted for people. */
export function ledgerCsv(events: RecordedEvent[], lang: Lang, delimiter = lang === 'fr' ? ';' : ','): string {
  const c = L.ledgerColumns;
  const header = [c.day, c.entry, c.amountCents, c.amount, c.balanceCents, c.balance, c.detail, c.recordedAt, c.position, c.eventId].map((h) => h[lang]);
  const rows = ledgerLines(events).map((l) => [
    l.day,
    L.ledgerEntries[l.entry][lang],
    l.amountCents,
    formatMoney({ cents: l.amountCents, currency: l.currency }, lang),
    l.balanceCents,
    formatMoney({ cents: l.balanceCents, currency: l.currency }, lang),
    // A reason or a payment reference is what a user typed; amounts are numbers, or formatted by Vigie ("-$10,000" is read as a number).
    spreadsheetText(l.entry === 'accrual' ? describeDuties(l.missedDuties)[lang] : l.detail),
    montrealDateTime(l.recordedAt),
    l.position,
    l.eventId,
  ]);
  return '\ufeff' + stringify([header, ...rows], { delimiter, record_delimiter: 'windows' });
}
