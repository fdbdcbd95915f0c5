import { IncidentEvent, incidentDecider, IncidentState, OpenIncident } from '@app/incidents';
import { money } from '@app/kernel';
import { IssuedOrder, orderDeadlines, orderDecider, OrderEvent, OrderState } from '@app/orders';
import { DEFAULT_REMINDER_SETTINGS, ReminderSettings } from '@app/organizations';
import { loadRuleBook } from '@app/rules';
import { amfOrderTerms, professionalOrder, vendorBreachFacts } from '@app/testing';
import { incidentDeadlines, orderReminders, PENALTY_CATCH_UP_AFTER_DAYS, PenaltyAccrual, PenaltyDayDigest, penaltyDayReminder, remindersDue, StandingAccruals, thresholdAt } from './reminders';

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

  it('says an order’s deadline as the order states it: its last day, not the midnight after', () => {
    const [soon] = forOrder(order(), '2021-02-24T00:00:00.000Z').filter((r) => r.subject.duty === 'measure:m1');
    expect(soon.message.fr).toMatch(/^80 % du délai est écoulé; échéance le 12 mars 2021 \(fin de la journée\) : /);
    expect(soon.message.en).toMatch(/^80 % of the time has elapsed; due Mar 12, 2021 \(end of day\): /);
    const [late] = forOrder(order(), '2021-03-14T00:00:00.000Z').filter((r) => r.subject.duty === 'measure:m1');
    expect(late.message.fr).toMatch(/^En retard depuis la fin de la journée du 12 mars 2021 : /);
    expect(late.message.en).toMatch(/^Overdue since the end of Mar 12, 2021: /);
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

describe('an order recorded after its reports fell due: those already overdue in one reminder', () => {
  // Issued 14 Dec 2020, a report every 30 days from 13 Jan 2021, a measure due 12 Mar 2021;
  // recorded in Vigie on 1 June 2021 at 14:00Z: the reports due 13 Jan, 12 Feb, 14 Mar,
  // 13 Apr and 13 May were overdue then, the next is due 12 June.
  const RECORDED = '2021-06-01T14:00:00.000Z';
  const recorded = (recordedAt: string, ...more: OrderEvent[]) =>
    [{ type: 'RegulatorOrderIssued', occurredAt: '2020-12-14T15:00:00.000Z', recordedAt, data: { orderId: 'o1', ...terms() } } as OrderEvent, ...more].reduce(orderDecider.evolve, orderDecider.initialState() as OrderState) as IssuedOrder;
  const pass = (o: IssuedOrder, at: string, settings = DEFAULT_REMINDER_SETTINGS) => orderReminders([o], settings, new Date(at));
  const report = (submittedAt: string): OrderEvent => ({ type: 'ComplianceReportSubmitted', occurredAt: submittedAt, recordedAt: submittedAt, data: { dutyId: 'r1', submittedAt, summary: 'Rapport' } });

  it('the order’s state keeps the moment it was recorded, from the log', () => {
    expect(recorded(RECORDED).recordedAt).toBe(RECORDED);
    expect(order().recordedAt).toBeNull();
  });

  it('at the first pass: one reminder for the five reports overdue when it was recorded, the overdue measure on its own, nothing per report', () => {
    const { reminders, watched } = pass(recorded(RECORDED), '2021-06-01T14:01:00.000Z');
    expect(watched).toBe(7); // the measure, five overdue reports, the one due next
    expect(reminders.map((r) => [r.trigger, r.subject.duty ?? r.subject.key])).toEqual([
      ['overdue', 'order:o1:overdue-when-recorded'],
      ['overdue', 'measure:m1'],
    ]);
    const [summary] = reminders;
    expect(summary).toMatchObject({ subject: { orderId: 'o1', from: '2021-01-13', to: '2021-05-13', reports: 5 }, triggeredAt: RECORDED, dueAt: '2021-05-14T04:00:00.000Z' });
    expect(summary.title.en).toBe('5 reports already overdue when the order was recorded (order AMF 2020-12-14)');
    expect(summary.title.fr).toBe('5 rapports déjà en retard à l’inscription de l’ordonnance (ordonnance AMF 2020-12-14)');
    expect(summary.message.en).toMatch(/^5 reports, due Jan 13, 2021 to May 13, 2021, already overdue when the order was recorded on .+, still outstanding \(order AMF 2020-12-14\): 5 reports “r1” not submitted, the earliest due 2021-01-13$/);
    expect(summary.message.fr).toMatch(/^5 rapports, échéances du 13 janv\. 2021 au 13 mai 2021, déjà en retard à l’inscription de l’ordonnance le .+, toujours en souffrance \(ordonnance AMF 2020-12-14\) : 5 rapports « r1 » non remis, le premier dû le 2021-01-13$/);
  });

  it('is the same reminder at every later pass, whatever was submitted since; the reports due after the recording get their own', () => {
    const first = pass(recorded(RECORDED), '2021-06-01T14:01:00.000Z').reminders[0];
    // Two reports submitted (they meet the earliest two); 12 June and 12 July have passed since.
    const later = pass(recorded(RECORDED, report('2021-06-20T15:00:00.000Z'), report('2021-06-21T15:00:00.000Z')), '2021-07-20T12:00:00.000Z').reminders;
    expect(later[0].reminderId).toBe(first.reminderId);
    expect(later[0].subject).toMatchObject({ from: '2021-03-14', to: '2021-05-13', reports: 3 });
    expect(later.filter((r) => r.subject.duty?.startsWith('report:')).map((r) => [r.trigger, r.subject.duty])).toEqual([
      ['overdue', 'report:r1:2021-06-12'],
      ['overdue', 'report:r1:2021-07-12'],
    ]);
  });

  it('one report left says so in the singular; every one submitted, nothing is owed for them', () => {
    const four = ['2021-06-02', '2021-06-03', '2021-06-04', '2021-06-05'].map((d) => report(`${d}T15:00:00.000Z`));
    const [one] = pass(recorded(RECORDED, ...four), '2021-06-06T12:00:00.000Z').reminders;
    expect(one.subject).toMatchObject({ from: '2021-05-13', to: '2021-05-13', reports: 1 });
    expect(one.title.en).toBe('1 report already overdue when the order was recorded (order AMF 2020-12-14)');
    expect(one.message.en).toMatch(/^1 report, due May 13, 2021, already overdue when the order was recorded on .+, still outstanding/);
    expect(one.message.fr).toMatch(/^1 rapport, échéance le 13 mai 2021, déjà en retard à l’inscription de l’ordonnance le .+, toujours en souffrance/);
    const all = pass(recorded(RECORDED, ...four, report('2021-06-05T16:00:00.000Z')), '2021-06-06T12:00:00.000Z').reminders;
    expect(all.map((r) => r.subject.duty ?? r.subject.key)).toEqual(['measure:m1']);
  });

  it('corrective measures: ten due by the recording keep a reminder each; eleven or more are counted in the same reminder', () => {
    const withMeasures = (n: number, ...more: OrderEvent[]) => {
      const measures = Array.from({ length: n }, (_, i) => ({ id: `m${i}`, description: 'Mesure', dueOn: '2021-03-12' }));
      const issued = { type: 'RegulatorOrderIssued', occurredAt: '2020-12-14T15:00:00.000Z', recordedAt: RECORDED, data: { orderId: 'o1', ...terms(), measures } } as OrderEvent;
      return [issued, ...more].reduce(orderDecider.evolve, orderDecider.initialState() as OrderState) as IssuedOrder;
    };
    const ten = pass(withMeasures(10), '2021-06-01T14:01:00.000Z').reminders;
    expect(ten.map((r) => r.subject.duty ?? r.subject.key)).toEqual(['order:o1:overdue-when-recorded', ...Array.from({ length: 10 }, (_, i) => `measure:m${i}`)]);
    expect(ten[0].subject).toMatchObject({ reports: 5 });
    expect(ten[0].subject.measures).toBeUndefined();
    // Eleven due, one completed before the first pass: ten counted, with the five reports.
    const done: OrderEvent = { type: 'CorrectiveMeasureCompleted', occurredAt: '2021-05-01T15:00:00.000Z', data: { measureId: 'm3', completedAt: '2021-05-01T15:00:00.000Z', evidence: 'Preuve' } };
    const eleven = pass(withMeasures(11, done), '2021-06-01T14:01:00.000Z').reminders;
    expect(eleven.map((r) => r.subject.duty ?? r.subject.key)).toEqual(['order:o1:overdue-when-recorded']);
    expect(eleven[0].subject).toMatchObject({ from: '2021-01-13', to: '2021-05-13', measures: 10, reports: 5 });
    expect(eleven[0].title.en).toBe('10 corrective measures and 5 reports already overdue when the order was recorded (order AMF 2020-12-14)');
    expect(eleven[0].title.fr).toBe('10 mesures correctives et 5 rapports déjà en retard à l’inscription de l’ordonnance (ordonnance AMF 2020-12-14)');
    expect(eleven[0].message.en).toMatch(/still outstanding \(order AMF 2020-12-14\): corrective measure “m0” not completed; .+; 5 reports “r1” not submitted, the earliest due 2021-01-13$/);
  });

  it('an order recorded before its first report was due, or one whose recording time is not known, owes each report its own reminder', () => {
    const early = pass(recorded('2020-12-15T14:00:00.000Z'), '2021-02-10T12:00:00.000Z').reminders.filter((r) => r.subject.key.includes(':report'));
    const unknown = pass(order(), '2021-02-10T12:00:00.000Z').reminders.filter((r) => r.subject.key.includes(':report'));
    for (const reminders of [early, unknown])
      expect(reminders.map((r) => [r.trigger, r.subject.duty])).toEqual([
        ['overdue', 'report:r1:2021-01-13'],
        ['due_soon', 'report:r1:2021-02-12'],
      ]);
  });

  it('follows the organization’s settings: no overdue reminders, or none at all, and there is no summary either', () => {
    expect(pass(recorded(RECORDED), '2021-06-02T00:00:00.000Z', { ...DEFAULT_REMINDER_SETTINGS, onOverdue: false }).reminders).toEqual([]);
    expect(pass(recorded(RECORDED), '2021-06-02T00:00:00.000Z', { ...DEFAULT_REMINDER_SETTINGS, enabled: false }).reminders).toEqual([]);
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

describe('the accruals a pass announces: those still standing at the end of its read', () => {
  const accrual = (day: string, id: string, orderId = 'o1'): PenaltyAccrual => ({ accrualEventId: id, orderId, organizationId: 'fcdq', orderReference: 'AMF', day, amount: money(1_000_000), missedDuties: [] });

  it('a day reversed further on in the read is dropped; another order’s same day stays', () => {
    const read = new StandingAccruals();
    read.accrued(accrual('2026-11-21', 'a1'));
    read.accrued(accrual('2026-11-22', 'a2'));
    read.accrued(accrual('2026-11-22', 'b1', 'o2'));
    read.reversed('o1', '2026-11-22');
    expect(read.remaining().map((a) => a.accrualEventId)).toEqual(['a1', 'b1']);
  });

  it('a reversal that finds no accrual of its day in the read cancels one announced before: the day accrued again after it stands', () => {
    const read = new StandingAccruals();
    read.reversed('o1', '2026-11-21'); // accrued, and announced, by an earlier pass
    read.accrued(accrual('2026-11-21', 'a2'));
    expect(read.remaining().map((a) => a.accrualEventId)).toEqual(['a2']);
  });

  it('a day accrued, reversed and accrued again in one read: the first accrual is the one reversed (as the ledger counts)', () => {
    const read = new StandingAccruals();
    read.accrued(accrual('2026-11-21', 'a1'));
    read.reversed('o1', '2026-11-21');
    read.accrued(accrual('2026-11-21', 'a2'));
    read.accrued(accrual('2026-11-23', 'a3'));
    expect(read.remaining().map((a) => a.accrualEventId)).toEqual(['a2', 'a3']);
  });
});

describe('penalty days read by one pass: recent ones one by one, an order’s catch-up in one reminder', () => {
  // An order missed since 13 March 2021, recorded (and its clock caught up) on 24 November 2026 at noon.
  const now = new Date('2026-11-24T17:00:00.000Z');
  const days = (from: string, n: number) => Array.from({ length: n }, (_, i) => new Date(Date.parse(`${from}T12:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));
  const accrual = (orderId: string, day: string, i: number): PenaltyAccrual => ({ accrualEventId: `${orderId}-e${i}`, orderId, organizationId: 'fcdq', orderReference: `AMF ${orderId}`, day, amount: money(1_000_000), missedDuties: ['measure:m1'] });
  const pass = (accruals: PenaltyAccrual[], settings = DEFAULT_REMINDER_SETTINGS) => {
    const digest = new PenaltyDayDigest(now);
    accruals.forEach((a) => digest.add(a));
    return digest.reminders(() => settings);
  };
  const all = days('2021-03-13', 2082).map((d, i) => accrual('o1', d, i)); // 2021-03-13 … 2026-11-23

  it('given 2,082 days accrued at once, then one reminder for the days older than a week and one per recent day', () => {
    expect(all[all.length - 1].day).toBe('2026-11-23');
    const reminders = pass(all);
    const recent = reminders.filter((r) => r.reminder.subject.days === undefined).map((r) => r.reminder.subject.day);
    // The days that ended in the last 7 days: 17 to 23 November (the 17th ended on the 18th at 00:00 in Montreal).
    expect(recent).toEqual(['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
    const [catchUp] = reminders.filter((r) => r.reminder.subject.days !== undefined);
    expect(catchUp.reminder).toMatchObject({
      trigger: 'penalty_day',
      subject: { orderId: 'o1', from: '2021-03-13', to: '2026-11-16', day: '2026-11-16', days: 2075 },
      amount: { cents: 2075 * 1_000_000, currency: 'CAD' },
      triggeredAt: '2026-11-17T05:00:00.000Z',
    });
    expect(catchUp.reminder.message.en).toBe('2,075 penalty days accrued at once, 2021-03-13 to 2026-11-16: $20,750,000 in all (order AMF o1; missed: corrective measure “m1” not completed)');
    expect(catchUp.reminder.message.fr).toBe('2\u00a0075 jours de pénalité se sont ajoutés d’un coup, du 2021-03-13 au 2026-11-16 : 20\u00a0750\u00a0000\u00a0$ en tout (ordonnance AMF o1; manquements : mesure corrective « m1 » non réalisée)');
    expect(catchUp.causationId).toBe('o1-e2074');
    expect(reminders).toHaveLength(1 + PENALTY_CATCH_UP_AFTER_DAYS);
  });

  it('the same accruals make the same reminders, with the same ids; one more old day is another summary', () => {
    const ids = (rs: ReturnType<typeof pass>) => rs.map((r) => r.reminder.reminderId);
    expect(ids(pass(all))).toEqual(ids(pass(all.map((a) => ({ ...a })))));
    const withOneLess = pass(all.slice(1));
    expect(ids(withOneLess)[0]).not.toBe(ids(pass(all))[0]);
  });

  it('a lone old day keeps its own reminder; each order has its own summary; recent days are never summed up', () => {
    const lone = pass([accrual('o2', '2026-10-01', 0)]);
    expect(lone.map((r) => r.reminder)).toEqual([penaltyDayReminder(accrual('o2', '2026-10-01', 0), DEFAULT_REMINDER_SETTINGS)]);
    const two = pass([...days('2026-09-01', 10).map((d, i) => accrual('o3', d, i)), ...days('2026-09-05', 3).map((d, i) => accrual('o4', d, i))]);
    expect(two.map((r) => [r.reminder.subject.orderId, r.reminder.subject.days])).toEqual([
      ['o3', 10],
      ['o4', 3],
    ]);
    expect(pass(days('2026-11-18', 6).map((d, i) => accrual('o5', d, i))).every((r) => r.reminder.subject.days === undefined)).toBe(true);
  });

  it('switched off by the organization, then none, summaries included', () => {
    expect(pass(all, { ...DEFAULT_REMINDER_SETTINGS, onPenaltyDay: false })).toEqual([]);
    expect(pass(all, { ...DEFAULT_REMINDER_SETTINGS, enabled: false })).toEqual([]);
  });
});

