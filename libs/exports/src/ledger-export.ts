import type { RecordedEvent } from '@app/event-store';
import { formatMoney } from '@app/kernel';
import { describeDuties, ledgerLines } from '@app/orders';
import { stringify } from 'csv-stringify/sync';
import { L, Lang, montrealDateTime } from './labels';
import { spreadsheetText } from './spreadsheet';

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
