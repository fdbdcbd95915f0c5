import fc from 'fast-check';
import type { RecordedEvent } from '@app/event-store';
import { fittingGrain, LedgerLine, ledgerLines, ledgerSeries } from './ledger';

let n = 0;
const line = (day: string, entry: LedgerLine['entry'], amountCents: number): LedgerLine => ({
  day,
  entry,
  amountCents,
  balanceCents: 0, // not read: the series runs its own balance, in calendar order
  currency: 'CAD',
  detail: '',
  missedDuties: [],
  recordedAt: '2026-01-01T00:00:00.000Z',
  position: ++n,
  eventId: `e${n}`,
});

describe('the ledger summed by period', () => {
  it('sums each day, counts penalty days and reversals, and runs the balance in calendar order, not in the order recorded', () => {
    const s = ledgerSeries([
      line('2026-01-03', 'accrual', 1_000_000),
      line('2026-01-02', 'accrual', 1_000_000), // caught up later
      line('2026-01-04', 'accrual', 1_000_000),
      line('2026-01-02', 'reversal', -1_000_000), // reversed afterwards, for its own day
      line('2026-01-05', 'payment', -500_000),
      line('2026-01-06', 'payment_cancelled', 500_000),
    ]);
    expect(s.grain).toBe('day');
    expect(s.currency).toBe('CAD');
    expect(s.periods).toEqual([
      { period: '2026-01-02', penaltyDays: 1, reversals: 1, accruedCents: 1_000_000, reversedCents: -1_000_000, paidCents: 0, balanceCents: 0 },
      { period: '2026-01-03', penaltyDays: 1, reversals: 0, accruedCents: 1_000_000, reversedCents: 0, paidCents: 0, balanceCents: 1_000_000 },
      { period: '2026-01-04', penaltyDays: 1, reversals: 0, accruedCents: 1_000_000, reversedCents: 0, paidCents: 0, balanceCents: 2_000_000 },
      { period: '2026-01-05', penaltyDays: 0, reversals: 0, accruedCents: 0, reversedCents: 0, paidCents: -500_000, balanceCents: 1_500_000 },
      { period: '2026-01-06', penaltyDays: 0, reversals: 0, accruedCents: 0, reversedCents: 0, paidCents: 500_000, balanceCents: 2_000_000 },
    ]);
    expect(s.totals).toEqual({ penaltyDays: 3, reversals: 1, payments: 1, paymentsCancelled: 1, balanceCents: 2_000_000 });
  });

  it('draws days for up to a year of ledger and months beyond, unless asked', () => {
    const year = [line('2024-01-01', 'accrual', 100), line('2024-12-31', 'accrual', 100)]; // 366 days, a leap year
    const longer = [line('2025-01-01', 'accrual', 100), line('2026-01-02', 'accrual', 100)]; // 367 days
    expect(fittingGrain(year)).toBe('day');
    expect(fittingGrain(longer)).toBe('month');
    expect(ledgerSeries(longer).periods.map((p) => p.period)).toEqual(['2025-01', '2026-01']);
    expect(ledgerSeries(longer, 'day').periods.map((p) => p.period)).toEqual(['2025-01-01', '2026-01-02']);
  });

  it('gives an empty series, with no currency, for an order that owes nothing yet', () => {
    expect(ledgerSeries([])).toEqual({ grain: 'day', currency: null, totals: { penaltyDays: 0, reversals: 0, payments: 0, paymentsCancelled: 0, balanceCents: 0 }, periods: [] });
  });

  it('property: by month is by day summed per month, and either ends on the balance of every line', () => {
    const arbLine = fc
      .record({
        offset: fc.integer({ min: 0, max: 900 }),
        entry: fc.constantFrom<LedgerLine['entry']>('accrual', 'reversal', 'payment', 'payment_cancelled'),
        cents: fc.integer({ min: 1, max: 5_000_000 }),
      })
      .map(({ offset, entry, cents }) => line(new Date(Date.UTC(2024, 0, 1 + offset)).toISOString().slice(0, 10), entry, entry === 'reversal' || entry === 'payment' ? -cents : cents));
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 60 }), (lines) => {
        const daily = ledgerSeries(lines, 'day');
        const monthly = ledgerSeries(lines, 'month');
        const total = lines.reduce((sum, l) => sum + l.amountCents, 0);
        expect(daily.totals.balanceCents).toBe(total);
        expect(monthly.totals).toEqual(daily.totals);
        const summed = new Map<string, { penaltyDays: number; reversals: number; accruedCents: number; reversedCents: number; paidCents: number; balanceCents: number }>();
        for (const d of daily.periods) {
          const m = summed.get(d.period.slice(0, 7)) ?? { penaltyDays: 0, reversals: 0, accruedCents: 0, reversedCents: 0, paidCents: 0, balanceCents: 0 };
          summed.set(d.period.slice(0, 7), {
            penaltyDays: m.penaltyDays + d.penaltyDays,
            reversals: m.reversals + d.reversals,
            accruedCents: m.accruedCents + d.accruedCents,
            reversedCents: m.reversedCents + d.reversedCents,
            paidCents: m.paidCents + d.paidCents,
            balanceCents: d.balanceCents, // the month ends on its last day's balance
          });
        }
        expect(monthly.periods).toEqual([...summed].map(([period, m]) => ({ period, ...m })));
      }),
    );
  });
});

describe('the ledger of accruals recorded before a day named at most 10 duties', () => {
  const accrual = (day: string, missedDuties: string[], position: number): RecordedEvent =>
    ({
      id: `a${position}`,
      streamId: 'order-o1',
      revision: position,
      position,
      type: 'DailyPenaltyAccrued',
      data: { orderId: 'o1', day, amount: { cents: 1_000_000, currency: 'CAD' }, missedDuties },
      metadata: { recordedAt: '2026-01-01T00:00:00.000Z', occurredAt: '2026-01-01T00:00:00.000Z' },
    }) as unknown as RecordedEvent;

  it('reads them grouped and counted by the rule of today, and leaves short lists as recorded', () => {
    const measures = Array.from({ length: 12 }, (_, i) => `measure:m${i}`);
    const [old, recent] = ledgerLines([
      // As the clock wrote it then: every measure named, each missed report of a duty on its own.
      accrual('2021-03-15', ['recorded-non-compliance', ...measures, 'report:d1:2021-03-13', 'report:d1:2021-03-14', 'report:d1:2021-03-15'], 1),
      accrual('2021-03-16', ['measure:m1', 'report:d1:2021-03-13:4'], 2),
    ]);
    expect(old.missedDuties).toEqual(['recorded-non-compliance', 'measures:12', 'report:d1:2021-03-13:3']);
    expect(old.detail).toBe('recorded-non-compliance, measures:12, report:d1:2021-03-13:3');
    expect(old.balanceCents).toBe(1_000_000);
    expect(recent.missedDuties).toEqual(['measure:m1', 'report:d1:2021-03-13:4']);
    expect(recent.balanceCents).toBe(2_000_000);
  });
});
