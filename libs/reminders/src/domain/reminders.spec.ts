import { IncidentEvent, incidentDecider, IncidentState, OpenIncident } from '@app/incidents';
import { money } from '@app/kernel';
import { IssuedOrder, orderDecider, OrderEvent, OrderState } from '@app/orders';
import { DEFAULT_REMINDER_SETTINGS, ReminderSettings } from '@app/organizations';
import { loadRuleBook } from '@app/rules';
import { amfOrderTerms, professionalOrder, vendorBreachFacts } from '@app/testing';
import { incidentDeadlines, orderDeadlines, penaltyDayReminder, remindersDue, thresholdAt } from './reminders';

const book = loadRuleBook();
const AWARE = '2026-11-02T13:00:00.000Z';

/** A Law 25 incident the organization became aware of at AWARE: its risk must be assessed within 48 h (a target, not law). */
function incident(...more: IncidentEvent[]): OpenIncident {
  const declared = incidentDecider.decide(
    { type: 'DeclareIncident', at: '2026-11-02T14:00:00.000Z', incidentId: 'i1', organization: professionalOrder, facts: vendorBreachFacts({ awareAt: AWARE, occurred: { from: '2026-10-30T00:00:00.000Z', to: null, approximate: true } }) },
    incidentDecider.initialState(),
  );
  return [...declared, ...more].reduce(incidentDecider.evolve, incidentDecider.initialState() as IncidentState) as OpenIncident;
}

const due = (i: OpenIncident, at: string, settings: ReminderSettings = DEFAULT_REMINDER_SETTINGS) => {
  const now = new Date(at);
  return remindersDue(incidentDeadlines([i], book, now), settings, now).filter((r) => r.subject.obligationId === 'qc.assess-risk');
};

describe('deadline reminders (the clock is data)', () => {
  // 48 h from 13:00Z on 2 Nov: due 4 Nov 13:00Z; 80 % is 38.4 h, at 4 Nov 03:24Z.
  it('the 80 % point of a 48-hour obligation is 38 h 24 min after its start', () => {
    expect(thresholdAt({ startsAt: AWARE, dueAt: '2026-11-04T13:00:00.000Z' }, 80)).toBe('2026-11-04T03:24:00.000Z');
  });

  it('given an open obligation, when 79.99 % of its time has elapsed, then no reminder', () => {
    expect(due(incident(), '2026-11-04T03:23:59.999Z')).toEqual([]);
  });

  it('given an open obligation, when 80 % of its time has elapsed, then one "due soon" reminder, in French and English', () => {
    const [r, ...rest] = due(incident(), '2026-11-04T03:24:00.000Z');
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ trigger: 'due_soon', organizationId: 'org-oiq', kind: 'reminder', dueAt: '2026-11-04T13:00:00.000Z', triggeredAt: '2026-11-04T03:24:00.000Z', percent: 80 });
    expect(r.message.en).toContain('80 % of the time has elapsed');
    expect(r.message.fr).toContain('80 % du délai est écoulé');
    expect(r.message.fr).toMatch(/4 nov\. 2026/);
  });

  it('given the same obligation, when asked again later, then the same reminder (same id): it is owed once', () => {
    const a = due(incident(), '2026-11-04T03:24:00.000Z')[0];
    const b = due(incident(), '2026-11-04T12:00:00.000Z')[0];
    expect(b.reminderId).toBe(a.reminderId);
  });

  it('given the deadline has passed, then only the "overdue" reminder is owed, with another id', () => {
    const soon = due(incident(), '2026-11-04T03:24:00.000Z')[0];
    const [r, ...rest] = due(incident(), '2026-11-04T13:00:00.000Z');
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ trigger: 'overdue', triggeredAt: '2026-11-04T13:00:00.000Z' });
    expect(r.reminderId).not.toBe(soon.reminderId);
    expect(r.message.en).toMatch(/^Overdue since /);
  });

  it('given the risk was assessed, then nothing is owed for it', () => {
    const assessed = incident({
      type: 'RiskOfSeriousInjuryAssessed',
      occurredAt: '2026-11-03T10:00:00.000Z',
      data: {
        sensitivity: 'low',
        anticipatedConsequences: { level: 'low', description: 'Aucune' },
        likelihoodOfInjuriousUse: 'low',
        seriousInjuryRisk: false,
        reason: 'Données chiffrées',
        privacyOfficerConsulted: true,
        assessedAt: '2026-11-03T10:00:00.000Z',
      },
    });
    expect(due(incident(), '2026-11-05T00:00:00.000Z')).toHaveLength(1);
    expect(due(assessed, '2026-11-05T00:00:00.000Z')).toEqual([]);
  });

  it('follows the organization’s settings: another percentage, or a trigger switched off, or reminders off', () => {
    expect(due(incident(), '2026-11-03T13:00:00.000Z', { ...DEFAULT_REMINDER_SETTINGS, dueSoonAtPercent: 50 })).toMatchObject([{ trigger: 'due_soon', percent: 50, triggeredAt: '2026-11-03T13:00:00.000Z' }]);
    expect(due(incident(), '2026-11-04T04:00:00.000Z', { ...DEFAULT_REMINDER_SETTINGS, onDueSoon: false })).toEqual([]);
    expect(due(incident(), '2026-11-05T00:00:00.000Z', { ...DEFAULT_REMINDER_SETTINGS, onOverdue: false })).toEqual([]);
    expect(due(incident(), '2026-11-05T00:00:00.000Z', { ...DEFAULT_REMINDER_SETTINGS, enabled: false })).toEqual([]);
  });
});

const terms = () =>
  amfOrderTerms({
    findings: ['Contrôles internes insuffisants'],
    measures: [{ id: 'm1', description: 'Contrôles internes robustes', dueOn: '2021-03-12' }],
    reportingDuties: [{ id: 'r1', description: 'Rapport d’étape', cadence: { everyDays: 30, firstDueOn: '2021-01-13', until: null } }],
  });
const order = (...more: OrderEvent[]) =>
  [{ type: 'RegulatorOrderIssued', occurredAt: '2020-12-14T15:00:00.000Z', data: { orderId: 'o1', ...terms() } } as OrderEvent, ...more].reduce(orderDecider.evolve, orderDecider.initialState() as OrderState) as IssuedOrder;

describe('order deadline reminders', () => {
  const forOrder = (o: IssuedOrder, at: string) => remindersDue(orderDeadlines([o], new Date(at)), DEFAULT_REMINDER_SETTINGS, new Date(at));

  it('given a corrective measure due 12 March (end of day, Montreal), when 80 % of the time since the order has elapsed, then "due soon"', () => {
    // 14 Dec 15:00Z → 13 Mar 05:00Z (midnight EST) is 88 days 14 h; 80 % falls on 23 Feb.
    const measure = (at: string) => forOrder(order(), at).filter((r) => r.subject.duty === 'measure:m1');
    expect(measure('2021-02-23T00:00:00.000Z')).toEqual([]);
    expect(measure('2021-02-24T00:00:00.000Z')).toMatchObject([{ trigger: 'due_soon', dueAt: '2021-03-13T05:00:00.000Z', subject: { orderId: 'o1' } }]);
    expect(measure('2021-03-13T05:00:00.000Z')).toMatchObject([{ trigger: 'overdue' }]);
  });

  it('given the measure was completed, then nothing is owed for it', () => {
    const done = order({ type: 'CorrectiveMeasureCompleted', occurredAt: '2021-03-01T15:00:00.000Z', data: { measureId: 'm1', completedAt: '2021-03-01T15:00:00.000Z', evidence: 'Rapport' } });
    expect(forOrder(done, '2021-03-20T00:00:00.000Z').filter((r) => r.subject.duty === 'measure:m1')).toEqual([]);
  });

  it('a reporting cadence: each missed report is overdue once, the next one gets its own "due soon"', () => {
    const reports = forOrder(order(), '2021-02-10T12:00:00.000Z').filter((r) => r.subject.duty?.startsWith('report:'));
    expect(reports.map((r) => [r.trigger, r.subject.duty])).toEqual([
      ['overdue', 'report:r1:2021-01-13'],
      ['due_soon', 'report:r1:2021-02-12'],
    ]);
  });

  it('a lifted order owes nothing', () => {
    const lifted = order({ type: 'OrderLifted', occurredAt: '2021-01-02T15:00:00.000Z', data: { liftedAt: '2021-01-02T15:00:00.000Z', reference: 'Levée' } });
    expect(forOrder(lifted, '2021-06-01T00:00:00.000Z')).toEqual([]);
  });
});

describe('penalty day reminders', () => {
  const accrual = { accrualEventId: 'e1', orderId: 'o1', organizationId: 'fcdq', orderReference: 'AMF 2020-12-14', day: '2021-03-13', amount: money(1_000_000), missedDuties: ['measure:m1'] };

  it('given a penalty day accrued, then a reminder with the amount in fr-CA and en-CA formats', () => {
    const r = penaltyDayReminder(accrual, DEFAULT_REMINDER_SETTINGS)!;
    expect(r).toMatchObject({ trigger: 'penalty_day', amount: { cents: 1_000_000 }, subject: { orderId: 'o1', day: '2021-03-13' }, triggeredAt: '2021-03-14T05:00:00.000Z' });
    expect(r.message.fr).toContain('10\u00a0000\u00a0$');
    expect(r.message.en).toContain('$10,000 ');
  });

  it('the same accrual is the same reminder; a day accrued again after a reversal is a new one', () => {
    expect(penaltyDayReminder(accrual, DEFAULT_REMINDER_SETTINGS)!.reminderId).toBe(penaltyDayReminder({ ...accrual }, DEFAULT_REMINDER_SETTINGS)!.reminderId);
    expect(penaltyDayReminder({ ...accrual, accrualEventId: 'e2' }, DEFAULT_REMINDER_SETTINGS)!.reminderId).not.toBe(penaltyDayReminder(accrual, DEFAULT_REMINDER_SETTINGS)!.reminderId);
  });

  it('switched off by the organization, then none', () => {
    expect(penaltyDayReminder(accrual, { ...DEFAULT_REMINDER_SETTINGS, onPenaltyDay: false })).toBeNull();
    expect(penaltyDayReminder(accrual, { ...DEFAULT_REMINDER_SETTINGS, enabled: false })).toBeNull();
  });
});
