import { incidentDecider, IncidentEvent, OpenIncident } from '@app/incidents';
import { loadRuleBook } from '@app/rules';
import { amfOrderTerms, professionalOrder, vendorBreachFacts } from '@app/testing';
import { IssuedOrder, orderDecider, OrderEvent } from '@app/orders';
import type { ReminderDoc } from './aggregate-projections';
import { nextTurn } from '@app/kernel';
import { complianceStatus, penaltyDaysReversedSince, registerEntries } from './views';

const book = loadRuleBook();
const facts = vendorBreachFacts({ occurred: { from: '2026-11-01T00:00:00-04:00', to: null, approximate: false }, awareAt: '2026-11-20T09:00:00-05:00' });
const events: IncidentEvent[] = [
  { type: 'IncidentDeclared', occurredAt: '2026-11-20T15:00:00.000Z', recordedAt: '2026-11-20T15:00:00.000Z', data: { incidentId: 'i1', organization: professionalOrder, facts } },
  {
    type: 'NotificationSent',
    occurredAt: '2026-11-20T18:00:00.000Z',
    recordedAt: '2026-11-22T10:00:00.000Z',
    data: { recipient: 'CAI', recipientName: null, channel: 'portal', sentAt: '2026-11-20T18:00:00.000Z', summary: 'Avis', evidenceRef: null },
  },
];
const incident = events.reduce(incidentDecider.evolve, incidentDecider.initialState()) as OpenIncident;

describe('the Law 25 register', () => {
  it('says when each entry last changed, as recorded: a notice sent on the 20th and entered on the 22nd changed it on the 22nd', () => {
    expect(registerEntries([incident], book)[0]).toMatchObject({ lastUpdated: '2026-11-22T10:00:00.000Z', notices: { caiNotifiedAt: '2026-11-20T18:00:00.000Z' } });
  });

  it('reads a document written before the projection knew it (while the new version builds) with the latest time it holds', () => {
    const { registerUpdatedAt: _dropped, ...older } = incident;
    expect(registerEntries([older as OpenIncident], book)[0].lastUpdated).toBe('2026-11-20T18:00:00.000Z');
  });
});

describe('what became of the penalty days a reminder announced', () => {
  const cad = { cents: 1_000_000, currency: 'CAD' as const };
  const reminder = (subject: ReminderDoc['subject'], trigger: ReminderDoc['trigger'] = 'penalty_day'): ReminderDoc =>
    ({ reminderId: 'r', organizationId: 'org', trigger, subject, title: { en: '', fr: '' }, message: { en: '', fr: '' }, dueAt: null, triggeredAt: '', percent: null, amount: cad, recordedAt: '' });
  const order = (ledger: [string, number, number][]) => ({ ledger: new Map(ledger.map(([d, accrued, reversed]) => [d, { accrued, reversed, amount: cad, missedDuties: [] }])) }) as unknown as IssuedOrder;
  const ledger = order([
    ['2026-10-01', 1, 1],
    ['2026-10-02', 1, 0],
    ['2026-10-03', 2, 1], // reversed, then accrued again: it counts
    ['2026-10-04', 1, 1],
    ['2026-10-05', 1, 1],
  ]);

  it('one day: reversed since, or still counted', () => {
    expect(penaltyDaysReversedSince(reminder({ key: 'k', orderId: 'o', day: '2026-10-01' }), ledger)).toBe(1);
    expect(penaltyDaysReversedSince(reminder({ key: 'k', orderId: 'o', day: '2026-10-02' }), ledger)).toBe(0);
    expect(penaltyDaysReversedSince(reminder({ key: 'k', orderId: 'o', day: '2026-10-03' }), ledger)).toBe(0);
  });

  it('a catch-up: how many of its days no longer count', () => {
    expect(penaltyDaysReversedSince(reminder({ key: 'k', orderId: 'o', day: '2026-10-04', from: '2026-10-01', to: '2026-10-04', days: 4 }), ledger)).toBe(2);
  });

  it('another trigger: nothing to say (null)', () => {
    expect(penaltyDaysReversedSince(reminder({ key: 'k', incidentId: 'i' }, 'overdue'), ledger)).toBeNull();
  });
});

describe('the compliance status', () => {
  const second = { ...incident, incidentId: 'i2' } as OpenIncident;
  const at = new Date('2027-01-15T12:00:00-05:00');

  const order = (orderId: string) =>
    ([{ type: 'RegulatorOrderIssued', occurredAt: '2021-01-04T15:00:00.000Z', data: { orderId, ...amfOrderTerms({ organizationId: professionalOrder.id }) } }] as OrderEvent[]).reduce(orderDecider.evolve, orderDecider.initialState()) as IssuedOrder;

  it('is computed incident by incident and order by order, asking for a pause after each; pausing changes nothing in it', async () => {
    let pauses = 0;
    const orders = [order('o1'), order('o2'), order('o3')];
    const paused = await complianceStatus(professionalOrder.id, [incident, second], orders, book, at, () => {
      pauses++;
      return nextTurn();
    });
    const straight = await complianceStatus(professionalOrder.id, [incident, second], orders, book, at);
    expect(pauses).toBe(2 + 3);
    expect(paused).toEqual(straight);
    expect(paused.counts.nonCompliantOrders).toBe(3);
  });

  it('counts what its reasons say: each incident adds its overdue obligations, and the status follows them', async () => {
    const one = await complianceStatus(professionalOrder.id, [incident], [], book, at);
    const two = await complianceStatus(professionalOrder.id, [incident, second], [], book, at);
    const overdue = one.reasons.filter((r) => r.code === 'OBLIGATION_OVERDUE').length;
    expect(overdue).toBeGreaterThan(0);
    expect(one.status).toBe('non_compliant');
    expect(one.counts.overdueObligations).toBe(overdue);
    expect(one.counts.dueSoonObligations).toBe(one.reasons.filter((r) => r.code === 'OBLIGATION_DUE_SOON').length);
    expect(two.counts.overdueObligations).toBe(2 * overdue);
    expect(two.reasons.filter((r) => r.incidentId === 'i2').map((r) => r.obligationId)).toEqual(one.reasons.map((r) => r.obligationId));
  });
});
