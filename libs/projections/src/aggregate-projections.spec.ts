import { IssuedOrder, orderDecider, OrderEvent } from '@app/orders';
import { amfOrderTerms, professionalOrder } from '@app/testing';
import { ordersProjection } from './aggregate-projections';

describe('an order as its read model stores it', () => {
  const cad = (cents: number) => ({ cents, currency: 'CAD' as const });
  const accrued = (day: string, cents = 1_000_000): OrderEvent => ({ type: 'DailyPenaltyAccrued', occurredAt: `${day}T05:00:00.000Z`, data: { orderId: 'o1', day, amount: cad(cents), missedDuties: ['measure:m1'] } });
  const events: OrderEvent[] = [
    { type: 'RegulatorOrderIssued', occurredAt: '2021-01-04T15:00:00.000Z', recordedAt: '2021-01-04T15:00:00.000Z', data: { orderId: 'o1', ...amfOrderTerms({ organizationId: professionalOrder.id }) } },
    accrued('2021-02-01'),
    accrued('2021-02-02'),
    accrued('2021-02-02'),
    { type: 'PenaltyAccrualReversed', occurredAt: '2021-02-10T15:00:00.000Z', data: { orderId: 'o1', day: '2021-02-02', amount: cad(1_000_000), reason: 'accrued twice' } },
    accrued('2021-02-03', 250_000),
    { type: 'PenaltyPaymentRecorded', occurredAt: '2021-03-01T15:00:00.000Z', data: { amount: cad(500_000), paidAt: '2021-03-01T15:00:00.000Z', reference: 'virement 1' } },
  ];
  const order = events.reduce(orderDecider.evolve, orderDecider.initialState()) as IssuedOrder;

  it('reads back as the order it wrote: ledger days (accrued, reversed, amount), payments and terms', () => {
    const read = ordersProjection.deserialize(ordersProjection.serialize(order));
    expect(read).toEqual(order);
    expect([...read.ledger]).toEqual([
      ['2021-02-01', { accrued: 1, reversed: 0, amount: cad(1_000_000) }],
      ['2021-02-02', { accrued: 2, reversed: 1, amount: cad(1_000_000) }],
      ['2021-02-03', { accrued: 1, reversed: 0, amount: cad(250_000) }],
    ]);
  });

  it('stores each ledger day as [day, accrued, reversed, cents]: an order accruing for years stays a third as long', () => {
    const stored = JSON.parse(ordersProjection.serialize(order)) as { ledger: unknown[] };
    expect(stored.ledger).toEqual([
      ['2021-02-01', 1, 0, 1_000_000],
      ['2021-02-02', 2, 1, 1_000_000],
      ['2021-02-03', 1, 0, 250_000],
    ]);
  });
});
