import { DomainError, endOfMontrealDay, money, startOfMontrealDay } from '@app/kernel';
import { amfOrderTerms } from '@app/testing';
import fc from 'fast-check';
import { orderExposure, orderStanding } from './exposure';
import {
  accruableDays,
  accrualEventId,
  accruedDays,
  DEFAULT_DAY_COUNTING_RULE,
  describeDuties,
  describeDuty,
  groupMissedDuties,
  IssuedOrder,
  MAX_DUTIES_NAMED,
  MAX_PENALTY_PER_DAY_CENTS,
  nonComplianceAt,
  nonComplianceIntervals,
  OrderCommand,
  orderDecider,
  OrderEvent,
  OrderState,
  OrderTerms,
} from './order';

const given = (events: OrderEvent[]): OrderState => events.reduce(orderDecider.evolve, orderDecider.initialState());
const run = (events: OrderEvent[], command: OrderCommand) => orderDecider.decide(command, given(events));
const err = (events: OrderEvent[], command: OrderCommand): DomainError => {
  try {
    run(events, command);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
};

const terms = amfOrderTerms;
/** Every calendar day from `first` through `last`. */
const dayRange = (first: string, last: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};
const issued: OrderEvent = { type: 'RegulatorOrderIssued', occurredAt: '2020-12-14T15:00:00.000Z', data: { orderId: 'o1', ...terms() } };
const AT = '2021-12-01T12:00:00.000Z';

/** Apply the clock's own decisions, as the worker does. */
function clock(events: OrderEvent[], at: string): OrderEvent[] {
  return [...events, ...run(events, { type: 'RunPenaltyClock', at })];
}

describe('order decider', () => {
  it('issues an order with its measures, duties and penalty rule', () => {
    expect(run([], { type: 'IssueOrder', at: AT, orderId: 'o1', terms: terms() })).toEqual([issued]);
  });

  it.each([
    ['a zero penalty', { penalty: { perDay: money(0), dayCounting: DEFAULT_DAY_COUNTING_RULE } }, 'penalty.amountPerDayCents'],
    ['a negative penalty', { penalty: { perDay: money(-100), dayCounting: DEFAULT_DAY_COUNTING_RULE } }, 'penalty.amountPerDayCents'],
    ['a penalty per day whose totals would lose cents', { penalty: { perDay: money(MAX_PENALTY_PER_DAY_CENTS + 1), dayCounting: DEFAULT_DAY_COUNTING_RULE } }, 'penalty.amountPerDayCents'],
    ['a due date before the issue date', { measures: [{ id: 'm1', description: 'x', dueOn: '2020-12-13' }] }, 'measures[0].dueOn'],
    ['an impossible due date', { measures: [{ id: 'm1', description: 'x', dueOn: '2021-02-30' }] }, 'measures[0].dueOn'],
    ['duplicate measure ids', { measures: [{ id: 'm1', description: 'x', dueOn: '2021-03-12' }, { id: 'm1', description: 'y', dueOn: '2021-03-12' }] }, 'measures[1].id'],
  ])('refuses %s, naming the field', (_l, over, field) => {
    const e = err([], { type: 'IssueOrder', at: AT, orderId: 'o1', terms: terms(over as Partial<OrderTerms>) });
    expect(e.violations.map((v) => v.field)).toContain(field);
  });

  it('says each kind of missed duty in words, in both languages (the codes stay in the events)', () => {
    expect(describeDuties(['measure:controls', 'report:quarterly:2021-03-31', 'recorded-non-compliance'])).toEqual({
      en: 'corrective measure “controls” not completed; report “quarterly” due 2021-03-31 not submitted; non-compliance recorded',
      fr: 'mesure corrective « controls » non réalisée; rapport « quarterly » dû le 2021-03-31 non remis; non-conformité constatée',
    });
    expect(describeDuty('something-else')).toEqual({ en: 'something-else', fr: 'something-else' });
  });

  it('says a duty’s missed reports in one phrase: how many, and the earliest due', () => {
    expect(describeDuty('report:daily:2021-03-13:2090')).toEqual({
      en: '2,090 reports “daily” not submitted, the earliest due 2021-03-13',
      fr: '2\u00a0090 rapports « daily » non remis, le premier dû le 2021-03-13',
    });
  });

  it('groups missed reports by duty, and groups again the tallies of several days (the earliest due, the most on one day)', () => {
    expect(groupMissedDuties(['measure:m1', 'report:d:2021-03-13', 'report:d:2021-03-14', 'report:w:2021-03-15', 'recorded-non-compliance'])).toEqual([
      'measure:m1',
      'report:d:2021-03-13:2',
      'report:w:2021-03-15',
      'recorded-non-compliance',
    ]);
    // A catch-up's days: the same measure every day, the daily report's tally growing.
    expect(groupMissedDuties(['measure:m1', 'report:d:2021-03-13', 'measure:m1', 'report:d:2021-03-13:2', 'report:d:2021-03-13:3'])).toEqual(['measure:m1', 'report:d:2021-03-13:3']);
    // Days accrued by an earlier release named each report: distinct ones are counted.
    expect(groupMissedDuties(['report:d:2021-03-14', 'report:d:2021-03-13', 'report:d:2021-03-14', 'report:d:2021-03-15', 'report:d:2021-03-14:2'])).toEqual(['report:d:2021-03-13:3']);
  });

  it('names at most 10 measures, and the reports of at most 10 duties; beyond, counts them, in both languages', () => {
    const measures = (n: number) => Array.from({ length: n }, (_, i) => `measure:m${i}`);
    const reports = (n: number) => Array.from({ length: n }, (_, i) => `report:r${i}:2021-03-13:2`);
    expect(groupMissedDuties([...measures(10), ...reports(10)])).toEqual([...measures(10), ...reports(10)]);
    expect(groupMissedDuties(['recorded-non-compliance', ...measures(11), ...reports(3)])).toEqual(['recorded-non-compliance', 'measures:11', ...reports(3)]);
    // Eleven duties, two reports each (r0's tallied on two days: the most on one day counts).
    expect(groupMissedDuties([...measures(2), ...reports(11), 'report:r0:2021-03-15'])).toEqual([...measures(2), 'reports:22:11']);
    // A catch-up's days: counted days and named ones together, the most of each.
    expect(groupMissedDuties(['measures:500', 'measure:m1', 'measures:499', 'reports:40:12', 'report:r1:2021-03-13'])).toEqual(['measures:500', 'reports:40:12']);
    expect(describeDuties(['measures:500', 'reports:2400:100'])).toEqual({
      en: '500 corrective measures not completed; 2,400 reports of 100 reporting duties not submitted',
      fr: '500 mesures correctives non réalisées; 2\u00a0400 rapports de 100 obligations de rapport non remis',
    });
  });

  it('an order with 500 measures missed for years: each day’s accrual counts them in one code', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ id: `m${i}`, description: 'Mesure', dueOn: '2021-03-12' }));
    const issued: OrderEvent = { type: 'RegulatorOrderIssued', occurredAt: '2020-12-14T15:00:00.000Z', data: { orderId: 'o1', ...terms({ measures: many }) } };
    const done: OrderEvent[] = many.slice(0, 490).map((m) => ({ type: 'CorrectiveMeasureCompleted', occurredAt: '2021-03-20T15:00:00.000Z', data: { measureId: m.id, completedAt: '2021-03-20T15:00:00.000Z', evidence: 'Preuve' } }));
    const accrued = run([issued, ...done], { type: 'RunPenaltyClock', at: '2021-03-25T12:00:00.000Z' }).map((e) => [(e.data as { day: string }).day, (e.data as { missedDuties: string[] }).missedDuties]);
    // 13 … 19 March: all 500 missed; 490 completed on 20 March, which is not a whole day missed for them: from then, the last 10 by name.
    expect(accrued.slice(0, 7)).toEqual(['13', '14', '15', '16', '17', '18', '19'].map((d) => [`2021-03-${d}`, ['measures:500']]));
    expect(accrued.slice(7)).toEqual(['20', '21', '22', '23', '24'].map((d) => [`2021-03-${d}`, many.slice(490).map((m) => `measure:${m.id}`)]));
  });

  describe('reports an order may call for', () => {
    const daily = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, description: 'Rapport quotidien', cadence: { everyDays: 1, firstDueOn: '2021-01-04', until: null } }));

    it('refuses more than 1,000 a year, naming the field and the rule in both languages (a hundred daily reports since 2000 exhausted the server)', () => {
      const e = err([], { type: 'IssueOrder', at: AT, orderId: 'o1', terms: terms({ reportingDuties: daily(3) }) });
      expect(e.violations).toEqual([
        {
          field: 'reportingDuties',
          rule: 'maxReportsPerYear',
          message: {
            en: 'the reporting duties call for up to 1,098 reports a year; Vigie follows at most 1,000 per order (a product limit)',
            fr: 'les redditions de comptes exigent jusqu’à 1\u00a0098 rapports par année; Vigie en suit au plus 1\u00a0000 par ordonnance (une limite du produit)',
          },
        },
      ]);
      const explicit = [{ id: 'many', description: 'x', dueOn: Array.from({ length: 366 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)) }];
      expect(err([], { type: 'IssueOrder', at: AT, orderId: 'o1', terms: terms({ reportingDuties: [...daily(2), ...explicit] }) }).violations.map((v) => v.rule)).toEqual(['maxReportsPerYear']);
    });

    it('accepts two daily reports, and explicit due dates spread over the years', () => {
      const spread = [{ id: 'yearly', description: 'x', dueOn: Array.from({ length: 20 }, (_, i) => `${2021 + i}-06-30`) }];
      expect(run([], { type: 'IssueOrder', at: AT, orderId: 'o1', terms: terms({ reportingDuties: [...daily(2), ...spread] }) })).toHaveLength(1);
    });

    it('refuses a due date given twice for one duty', () => {
      const twice = [{ id: 'q', description: 'x', dueOn: ['2021-06-30', '2021-03-31', '2021-06-30'] }];
      expect(err([], { type: 'IssueOrder', at: AT, orderId: 'o1', terms: terms({ reportingDuties: twice }) }).violations.map((v) => [v.field, v.rule])).toEqual([['reportingDuties[0].dueOn', 'unique']]);
    });

    it('matches reports to explicit due dates in the order of the dates, whatever the order they were given in', () => {
      const unordered: OrderEvent = { ...issued, data: { orderId: 'o1', ...terms({ measures: [], reportingDuties: [{ id: 'q', description: 'x', dueOn: ['2021-06-30', '2021-03-31'] }] }) } };
      const submitted: OrderEvent = { type: 'ComplianceReportSubmitted', occurredAt: '2021-04-15T15:00:00.000Z', data: { dutyId: 'q', submittedAt: '2021-04-15T15:00:00.000Z', summary: 'T1, late' } };
      // The report of 15 April is the one due 31 March, late by 15 days; the one due 30 June is still owed on 10 July.
      const days = run([unordered, submitted], { type: 'RunPenaltyClock', at: '2021-07-10T12:00:00.000Z' }).map((e) => (e.data as { day: string }).day);
      expect(days).toEqual([...dayRange('2021-04-01', '2021-04-14'), ...dayRange('2021-07-01', '2021-07-09')]);
    });

    it('an order recorded 26 years late with two daily reports never submitted: each day names three duties, not every report missed before it', () => {
      const late: OrderEvent = {
        type: 'RegulatorOrderIssued',
        occurredAt: '2000-01-03T15:00:00.000Z',
        data: { orderId: 'o1', ...terms({ issuedAt: '2000-01-03T15:00:00.000Z', measures: [{ id: 'm1', description: 'x', dueOn: '2000-01-04' }], reportingDuties: daily(2).map((d) => ({ ...d, cadence: { ...d.cadence, firstDueOn: '2000-01-04' } })) }) },
      };
      const accrued = run([late], { type: 'RunPenaltyClock', at: '2026-12-02T17:00:00.000Z' });
      expect(accrued).toHaveLength(9828); // 5 January 2000 through 1 December 2026
      expect(accrued[accrued.length - 1].data).toMatchObject({ day: '2026-12-01', missedDuties: ['measure:m1', 'report:r0:2000-01-04:9828', 'report:r1:2000-01-04:9828'] });
    });
  });

  it('accepts the largest penalty per day, whose totals stay exact cents for 90,000 days', () => {
    const largest = terms({ penalty: { perDay: money(MAX_PENALTY_PER_DAY_CENTS), dayCounting: DEFAULT_DAY_COUNTING_RULE } });
    expect(run([], { type: 'IssueOrder', at: AT, orderId: 'o1', terms: largest })).toHaveLength(1);
    expect(Number.isSafeInteger(MAX_PENALTY_PER_DAY_CENTS * 90_000)).toBe(true);
  });

  it('refuses an order issued before 2000 (a mistyped year), which would accrue a penalty for every day since', () => {
    const e = err([], { type: 'IssueOrder', at: AT, orderId: 'o1', terms: { ...terms(), issuedAt: '1900-12-14T15:00:00.000Z', measures: [{ id: 'controls', description: 'd', dueOn: '1901-03-12' }], reportingDuties: [] } });
    expect(e.violations).toContainEqual(expect.objectContaining({ field: 'issuedAt', rule: 'notBefore2000' }));
    expect(run([], { type: 'IssueOrder', at: AT, orderId: 'o1', terms: { ...terms(), issuedAt: '2000-01-01T05:00:00.000Z' } })).toHaveLength(1);
  });

  it('refuses to complete a measure the order does not have, and compliance dated in the future', () => {
    expect(err([issued], { type: 'CompleteCorrectiveMeasure', at: AT, measureId: 'm9', completedAt: AT, evidence: 'x' }).code).toBe('UNKNOWN_MEASURE');
    expect(err([issued], { type: 'RecordComplianceRestored', at: AT, effectiveAt: '2022-01-01T00:00:00.000Z', evidence: 'x' }).violations[0]).toMatchObject({ field: 'effectiveAt', rule: 'notInFuture' });
  });

  describe('non-compliance as it stood at a moment (an order’s view, an audit)', () => {
    const state = (events: OrderEvent[]) => given(events) as IssuedOrder;
    it('holds no period a due date will open later, and a compliance shown later leaves the period open', () => {
      // The measure is due 12 March 2021: on 12 March nothing is missed yet.
      expect(nonComplianceAt(state([issued]), '2021-03-12T20:00:00.000Z')).toEqual([]);
      const done: OrderEvent = { type: 'CorrectiveMeasureCompleted', occurredAt: '2021-03-20T15:00:00.000Z', data: { measureId: 'm1', completedAt: '2021-03-20T15:00:00.000Z', evidence: 'Rapport' } };
      const s = state([issued, done]);
      expect(nonComplianceAt(s, '2021-03-15T12:00:00.000Z')).toEqual([{ from: '2021-03-13T05:00:00.000Z', to: null, duty: 'measure:m1' }]);
      expect(nonComplianceAt(s, '2021-04-01T12:00:00.000Z')).toEqual([{ from: '2021-03-13T05:00:00.000Z', to: '2021-03-20T15:00:00.000Z', duty: 'measure:m1' }]);
    });
  });

  describe('the penalty clock', () => {
    it('accrues one day per whole Montreal day after the missed due date, never the day in progress', () => {
      // Due 12 March 2021; the 13th and 14th have ended by 15 March 10:00 (Montreal); the 15th has not.
      const events = run([issued], { type: 'RunPenaltyClock', at: '2021-03-15T14:00:00.000Z' });
      expect(events.map((e) => (e.data as { day: string }).day)).toEqual(['2021-03-13', '2021-03-14']);
      expect(events[0]).toMatchObject({ type: 'DailyPenaltyAccrued', id: accrualEventId('o1', '2021-03-13', 1), data: { amount: { cents: 1_000_000 }, missedDuties: ['measure:m1'] } });
    });

    it('counts each DST day in Montreal once: 14 March 2021 (23 h) and 7 November 2021 (25 h)', () => {
      const events = run([issued], { type: 'RunPenaltyClock', at: '2021-11-09T05:00:00.000Z' });
      const days = events.map((e) => (e.data as { day: string }).day);
      expect(days.filter((d) => d === '2021-03-14')).toHaveLength(1);
      expect(days.filter((d) => d === '2021-11-07')).toHaveLength(1);
      expect(days[days.length - 1]).toBe('2021-11-08');
      expect(days).toHaveLength(241); // 13 March → 8 November inclusive
      // The day ends at Montreal midnight: 05:00Z on 8 Nov (EST), 04:00Z on 14 March's end (EDT).
      expect(events.find((e) => (e.data as { day: string }).day === '2021-03-14')!.occurredAt).toBe('2021-03-15T04:00:00.000Z');
      expect(events.find((e) => (e.data as { day: string }).day === '2021-11-07')!.occurredAt).toBe('2021-11-08T05:00:00.000Z');
    });

    it('is idempotent: a second run at the same time decides nothing', () => {
      const after = clock([issued], '2021-04-01T12:00:00.000Z');
      expect(run(after, { type: 'RunPenaltyClock', at: '2021-04-01T12:00:00.000Z' })).toEqual([]);
    });

    it('stops at compliance: the day compliance is shown does not accrue', () => {
      const done: OrderEvent = { type: 'CorrectiveMeasureCompleted', occurredAt: '2021-03-20T15:00:00.000Z', data: { measureId: 'm1', completedAt: '2021-03-20T15:00:00.000Z', evidence: 'Rapport' } };
      const days = run([issued, done], { type: 'RunPenaltyClock', at: AT }).map((e) => (e.data as { day: string }).day);
      expect(days).toEqual(['2021-03-13', '2021-03-14', '2021-03-15', '2021-03-16', '2021-03-17', '2021-03-18', '2021-03-19']);
    });

    it('reverses, never deletes, days accrued before a backdated restoration of compliance', () => {
      const accrued = clock([issued], '2021-04-01T12:00:00.000Z');
      const restored: OrderEvent = { type: 'ComplianceRestored', occurredAt: '2021-03-25T16:00:00.000Z', data: { effectiveAt: '2021-03-25T16:00:00.000Z', evidence: 'Attestation' } };
      const decided = run([...accrued, restored], { type: 'RunPenaltyClock', at: '2021-04-02T12:00:00.000Z' });
      expect(decided.every((e) => e.type === 'PenaltyAccrualReversed')).toBe(true);
      expect(decided.map((e) => (e.data as { day: string }).day)).toEqual(['2021-03-25', '2021-03-26', '2021-03-27', '2021-03-28', '2021-03-29', '2021-03-30', '2021-03-31']);
      const final = given([...accrued, restored, ...decided]) as IssuedOrder;
      expect(accruedDays(final)).toHaveLength(12);
      expect(orderExposure(final, '2021-04-02T12:00:00.000Z')).toMatchObject({ daysAccrued: 19, daysReversed: 7, daysCounted: 12, outstanding: { cents: 12_000_000, display: { fr: '120\u00a0000\u00a0$', en: '$120,000' } } });
    });

    it('between a backdated restoration and the next clock run: the days to reverse are shown, and the forecast does not count them', () => {
      const accrued = clock([issued], '2021-04-01T12:00:00.000Z'); // 13–31 March: 19 days
      const restored: OrderEvent = { type: 'ComplianceRestored', occurredAt: '2021-03-25T16:00:00.000Z', data: { effectiveAt: '2021-03-25T16:00:00.000Z', evidence: 'Attestation' } };
      const e = orderExposure(given([...accrued, restored]) as IssuedOrder, '2021-04-01T13:00:00.000Z', '2021-04-30');
      expect(e).toMatchObject({ daysCounted: 19, pendingDays: 0, pendingReversalDays: 7, nonCompliant: false, outstanding: { cents: 19_000_000 } });
      expect(e.forecast).toMatchObject({ on: '2021-04-30', days: 12, outstanding: { cents: 12_000_000 } });
      // Once the clock has run, the same answer without anything pending.
      const after = [...accrued, restored, ...run([...accrued, restored], { type: 'RunPenaltyClock', at: '2021-04-01T13:00:00.000Z' })];
      expect(orderExposure(given(after) as IssuedOrder, '2021-04-01T13:00:00.000Z', '2021-04-30')).toMatchObject({ daysCounted: 12, pendingReversalDays: 0, outstanding: { cents: 12_000_000 }, forecast: { days: 12, outstanding: { cents: 12_000_000 } } });
    });

    it('stops when the order is lifted', () => {
      const lifted: OrderEvent = { type: 'OrderLifted', occurredAt: '2021-03-16T14:00:00.000Z', data: { liftedAt: '2021-03-16T14:00:00.000Z', reference: 'Levée' } };
      expect(run([issued, lifted], { type: 'RunPenaltyClock', at: AT }).map((e) => (e.data as { day: string }).day)).toEqual(['2021-03-13', '2021-03-14', '2021-03-15']);
    });

    it('re-accrues a reversed day with a new deterministic id if non-compliance is recorded again', () => {
      const a = clock([issued], '2021-03-16T12:00:00.000Z'); // 13, 14, 15
      const restored: OrderEvent = { type: 'ComplianceRestored', occurredAt: '2021-03-14T12:00:00.000Z', data: { effectiveAt: '2021-03-14T12:00:00.000Z', evidence: 'x' } };
      const b = clock([...a, restored], '2021-03-16T12:00:00.000Z'); // reverses 14, 15
      const again: OrderEvent = { type: 'NonComplianceRecorded', occurredAt: '2021-03-14T12:00:00.000Z', data: { effectiveAt: '2021-03-14T12:00:00.000Z', reason: 'Attestation retirée' } };
      const c = run([...b, again], { type: 'RunPenaltyClock', at: '2021-03-16T12:00:00.000Z' });
      expect(c.map((e) => [e.type, (e.data as { day: string }).day, e.id])).toEqual([['DailyPenaltyAccrued', '2021-03-15', accrualEventId('o1', '2021-03-15', 2)]]);
    });

    it('refuses a payment larger than what is owed; accepts one within it', () => {
      const accrued = clock([issued], '2021-03-16T12:00:00.000Z'); // 3 days = 30 000 $
      const tooMuch = err(accrued, { type: 'RecordPenaltyPayment', at: AT, amount: money(3_000_001), paidAt: AT, reference: 'x' });
      expect(tooMuch.code).toBe('PAYMENT_EXCEEDS_OUTSTANDING');
      expect(tooMuch.text).toEqual({ en: 'The payment exceeds the outstanding penalty ($30,000, 3000000 cents)', fr: 'Le paiement dépasse la pénalité due (30\u00a0000\u00a0$, 3000000 cents)' });
      const paid = run(accrued, { type: 'RecordPenaltyPayment', at: AT, amount: money(1_000_000), paidAt: AT, reference: 'Virement' });
      expect(orderExposure(given([...accrued, ...paid]) as IssuedOrder, AT)).toMatchObject({ paid: { cents: 1_000_000 }, outstanding: { cents: 2_000_000 } });
      expect(orderStanding(given([...accrued, ...paid]) as IssuedOrder, AT)).toEqual({ nonCompliant: true, outstanding: { cents: 2_000_000, currency: 'CAD', display: { fr: '20\u00a0000\u00a0$', en: '$20,000' } } });
    });

    it('cancels a payment recorded in error: it stays in history and no longer counts; once only, by its number, with a reason', () => {
      const accrued = clock([issued], '2021-03-16T12:00:00.000Z'); // 30 000 $
      const paid = [...accrued, ...run(accrued, { type: 'RecordPenaltyPayment', at: AT, amount: money(2_500_000), paidAt: AT, reference: 'Virement (montant erroné)' })];
      const cancelled = run(paid, { type: 'CancelPenaltyPayment', at: AT, payment: 1, reason: 'Montant saisi en trop: 25 000 $ au lieu de 2 500 $' });
      expect(cancelled).toEqual([{ type: 'PenaltyPaymentCancelled', occurredAt: AT, data: { payment: 1, amount: money(2_500_000), reason: 'Montant saisi en trop: 25 000 $ au lieu de 2 500 $' } }]);
      const after = given([...paid, ...cancelled]) as IssuedOrder;
      expect(after.payments).toEqual([expect.objectContaining({ reference: 'Virement (montant erroné)', cancelled: { reason: expect.any(String), at: AT } })]);
      expect(orderExposure(after, AT)).toMatchObject({ paid: { cents: 0 }, outstanding: { cents: 3_000_000 } });
      // The right amount can then be recorded, within what is owed again.
      expect(run([...paid, ...cancelled], { type: 'RecordPenaltyPayment', at: AT, amount: money(250_000), paidAt: AT, reference: 'Virement' })).toHaveLength(1);
      expect(err([...paid, ...cancelled], { type: 'CancelPenaltyPayment', at: AT, payment: 1, reason: 'encore' }).code).toBe('PAYMENT_ALREADY_CANCELLED');
      for (const payment of [0, 2, 1.5]) expect(err(paid, { type: 'CancelPenaltyPayment', at: AT, payment, reason: 'r' }).code).toBe('PAYMENT_NOT_FOUND');
      expect(err(paid, { type: 'CancelPenaltyPayment', at: AT, payment: 1, reason: ' ' }).violations[0]).toMatchObject({ field: 'reason', rule: 'notBlank' });
    });

    it('forecasts the exposure on a date if nothing changes, and shows the day-counting assumption', () => {
      const accrued = clock([issued], '2021-03-16T12:00:00.000Z');
      const e = orderExposure(given(accrued) as IssuedOrder, '2021-03-16T12:00:00.000Z', '2021-03-31');
      expect(e.forecast).toEqual({ on: '2021-03-31', days: 19, outstanding: { cents: 19_000_000, currency: 'CAD', display: { fr: '190\u00a0000\u00a0$', en: '$190,000' } } });
      expect(e.dayCounting).toMatchObject({ assumption: true, text: { en: expect.stringContaining('assumption') } });
      expect(e.nonCompliant).toBe(true);
    });

    it('reporting duties with a cadence: a late report accrues the days between its due date and its submission', () => {
      const withReports: OrderEvent = {
        type: 'RegulatorOrderIssued',
        occurredAt: '2020-12-14T15:00:00.000Z',
        data: { orderId: 'o1', ...terms({ measures: [], reportingDuties: [{ id: 'r', description: 'Rapport trimestriel', cadence: { everyDays: 90, firstDueOn: '2021-03-31', until: null } }] }) },
      };
      const report: OrderEvent = { type: 'ComplianceReportSubmitted', occurredAt: '2021-04-03T15:00:00.000Z', data: { dutyId: 'r', submittedAt: '2021-04-03T15:00:00.000Z', summary: 'T1' } };
      const days = run([withReports, report], { type: 'RunPenaltyClock', at: '2021-06-29T12:00:00.000Z' }).map((e) => (e.data as { day: string }).day);
      expect(days).toEqual(['2021-04-01', '2021-04-02']); // next report due 29 June, still in progress
    });

    it('a day inside several periods of non-compliance accrues once, and names every duty missed on it, a duty’s missed reports in one code', () => {
      // A measure due 12 March and a daily report from 13 March, none ever done: the periods overlap, more every day.
      const daily: OrderEvent = {
        type: 'RegulatorOrderIssued',
        occurredAt: '2020-12-14T15:00:00.000Z',
        data: { orderId: 'o1', ...terms({ reportingDuties: [{ id: 'd', description: 'Rapport quotidien', cadence: { everyDays: 1, firstDueOn: '2021-03-13', until: null } }] }) },
      };
      const at = '2021-03-17T12:00:00.000Z'; // 16 March is the last day that has ended
      const due = accruableDays(given([daily]) as IssuedOrder, at);
      expect(due.days).toEqual(['2021-03-13', '2021-03-14', '2021-03-15', '2021-03-16']);
      expect(due.dutiesOn('2021-03-13')).toEqual(['measure:m1']);
      expect(due.dutiesOn('2021-03-14')).toEqual(['measure:m1', 'report:d:2021-03-13']);
      expect(due.dutiesOn('2021-03-16')).toEqual(['measure:m1', 'report:d:2021-03-13:3']); // the reports due 13, 14 and 15 March
      expect(due.has('2021-03-12')).toBe(false);
      expect(due.dutiesOn('2021-03-17')).toEqual([]);
      const accrued = run([daily], { type: 'RunPenaltyClock', at });
      expect(accrued.map((e) => [(e.data as { day: string }).day, (e.data as { missedDuties: string[] }).missedDuties])).toEqual([
        ['2021-03-13', ['measure:m1']],
        ['2021-03-14', ['measure:m1', 'report:d:2021-03-13']],
        ['2021-03-15', ['measure:m1', 'report:d:2021-03-13:2']],
        ['2021-03-16', ['measure:m1', 'report:d:2021-03-13:3']],
      ]);
    });
  });

  describe('property: the duties missed on a day, found by bisection, are those of the periods that hold the whole day', () => {
    const HOUR = 3_600_000;
    const base = Date.parse('2021-01-04T05:00:00.000Z'); // the start of 4 January 2021 in Montreal
    const instant = (hours: number) => new Date(base + hours * HOUR).toISOString();
    const day = (offset: number) => new Date(Date.UTC(2021, 0, 4 + offset)).toISOString().slice(0, 10);
    const arbDuty = fc.oneof(
      fc.record({ everyDays: fc.integer({ min: 1, max: 9 }), first: fc.integer({ min: 0, max: 20 }), until: fc.option(fc.integer({ min: 20, max: 90 }), { nil: null }) }).map((c) => ({
        cadence: { everyDays: c.everyDays, firstDueOn: day(c.first), until: c.until === null ? null : day(c.until) },
      })),
      fc.uniqueArray(fc.integer({ min: 0, max: 90 }), { minLength: 1, maxLength: 8 }).map((offsets) => ({ dueOn: offsets.map(day) })), // in any order
    );
    const arbFact = fc.oneof(
      fc.record({ kind: fc.constant('report' as const), duty: fc.integer({ min: 0, max: 13 }), at: fc.integer({ min: 0, max: 24 * 100 }) }),
      fc.record({ kind: fc.constant('nonCompliance' as const), at: fc.integer({ min: 0, max: 24 * 100 }) }),
      fc.record({ kind: fc.constant('restored' as const), at: fc.integer({ min: 0, max: 24 * 100 }) }),
      fc.record({ kind: fc.constant('complete' as const), measure: fc.integer({ min: 0, max: 12 }), at: fc.integer({ min: 0, max: 24 * 100 }) }),
      fc.record({ kind: fc.constant('lift' as const), at: fc.integer({ min: 0, max: 24 * 100 }) }),
    );

    // Up to 13 measures and 14 reporting duties: past MAX_DUTIES_NAMED of either, a day counts them in one code.
    it('holds for random orders, reports, outages and liftings (150 runs)', () => {
      const counted = { measures: 0, reports: 0 };
      fc.assert(
        fc.property(fc.array(arbDuty, { minLength: 1, maxLength: 14 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 13 }), fc.array(arbFact, { maxLength: 40 }), fc.integer({ min: 24 * 10, max: 24 * 110 }), (duties, dueOffsets, facts, asOfHours) => {
          const reportingDuties = duties.map((d, i) => ({ id: `d${i}`, description: 'x', ...d }));
          const measures = dueOffsets.map((offset, i) => ({ id: `m${i}`, description: 'x', dueOn: day(offset) }));
          const events: OrderEvent[] = [{ type: 'RegulatorOrderIssued', occurredAt: '2021-01-04T15:00:00.000Z', data: { orderId: 'o1', ...terms({ issuedAt: '2021-01-04T15:00:00.000Z', measures, reportingDuties }) } }];
          let lifted = false;
          for (const f of facts) {
            const at = instant(f.at);
            if (f.kind === 'report' && f.duty < reportingDuties.length) events.push({ type: 'ComplianceReportSubmitted', occurredAt: at, data: { dutyId: `d${f.duty}`, submittedAt: at, summary: 's' } });
            if (f.kind === 'nonCompliance') events.push({ type: 'NonComplianceRecorded', occurredAt: at, data: { effectiveAt: at, reason: 'r' } });
            if (f.kind === 'restored') events.push({ type: 'ComplianceRestored', occurredAt: at, data: { effectiveAt: at, evidence: 'e' } });
            if (f.kind === 'complete' && f.measure < measures.length) events.push({ type: 'CorrectiveMeasureCompleted', occurredAt: at, data: { measureId: `m${f.measure}`, completedAt: at, evidence: 'e' } });
            if (f.kind === 'lift' && !lifted) {
              lifted = true;
              events.push({ type: 'OrderLifted', occurredAt: at, data: { liftedAt: at, reference: 'r' } });
            }
          }
          const state = given(events) as IssuedOrder;
          const asOf = instant(asOfHours);
          const periods = nonComplianceIntervals(state, asOf);
          const due = accruableDays(state, asOf);
          // A list's line says what the exposure says.
          const exposure = orderExposure(state, asOf);
          expect(orderStanding(state, asOf)).toEqual({ nonCompliant: exposure.nonCompliant, outstanding: exposure.outstanding });
          for (let offset = 0; offset <= 110; offset++) {
            const d = day(offset);
            const start = startOfMontrealDay(d).toISOString();
            const end = endOfMontrealDay(d).toISOString();
            const holding = periods.filter((p) => start >= p.from && end <= asOf && (p.to === null || end <= p.to));
            const named = due.dutiesOn(d);
            expect(named).toEqual(groupMissedDuties(holding.map((p) => p.duty)));
            // What the clock writes, grouped again (as the ledger reads every accrual), is unchanged.
            expect(groupMissedDuties(named)).toEqual(named);
            // Counted past MAX_DUTIES_NAMED, and only then.
            const measuresMissed = new Set(holding.filter((p) => p.duty.startsWith('measure:')).map((p) => p.duty)).size;
            const dutiesMissed = new Set(holding.filter((p) => p.duty.startsWith('report:')).map((p) => p.duty.split(':')[1])).size;
            expect(named.includes(`measures:${measuresMissed}`)).toBe(measuresMissed > MAX_DUTIES_NAMED);
            expect(named.some((c) => c.startsWith('reports:') && c.endsWith(`:${dutiesMissed}`))).toBe(dutiesMissed > MAX_DUTIES_NAMED);
            if (measuresMissed > MAX_DUTIES_NAMED) counted.measures++;
            if (dutiesMissed > MAX_DUTIES_NAMED) counted.reports++;
          }
        }),
        { numRuns: 150 },
      );
      // The runs reached both counts (days where they apply), not only the lists named one by one.
      expect(counted.measures).toBeGreaterThan(0);
      expect(counted.reports).toBeGreaterThan(0);
    });
  });

  describe('property: whatever the order of outages, backdated facts and concurrent runs, the ledger equals the closed form', () => {
    type Step =
      | { kind: 'clock'; at: number }
      | { kind: 'clockTwice'; at: number }
      | { kind: 'restore'; at: number; back: number }
      | { kind: 'nonCompliance'; at: number; back: number }
      | { kind: 'complete'; at: number; back: number }
      | { kind: 'lift'; at: number; back: number };
    const HOUR = 3_600_000;
    const start = Date.parse('2021-03-01T12:00:00.000Z');
    const arbStep: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('clock' as const), at: fc.integer({ min: 1, max: 24 * 200 }) }),
      fc.record({ kind: fc.constant('clockTwice' as const), at: fc.integer({ min: 1, max: 24 * 200 }) }),
      fc.record({ kind: fc.constant('restore' as const), at: fc.integer({ min: 1, max: 24 * 200 }), back: fc.integer({ min: 0, max: 24 * 60 }) }),
      fc.record({ kind: fc.constant('nonCompliance' as const), at: fc.integer({ min: 1, max: 24 * 200 }), back: fc.integer({ min: 0, max: 24 * 60 }) }),
      fc.record({ kind: fc.constant('complete' as const), at: fc.integer({ min: 1, max: 24 * 200 }), back: fc.integer({ min: 0, max: 24 * 60 }) }),
      fc.record({ kind: fc.constant('lift' as const), at: fc.integer({ min: 1, max: 24 * 200 }), back: fc.integer({ min: 0, max: 24 * 60 }) }),
    );

    it('holds for random histories (200 runs)', () => {
      fc.assert(
        fc.property(fc.array(arbStep, { maxLength: 25 }), (steps) => {
          let events: OrderEvent[] = [issued];
          let now = start;
          const tryApply = (command: OrderCommand) => {
            try {
              events = [...events, ...run(events, command)];
            } catch (e) {
              if (!(e instanceof DomainError)) throw e; // refused commands (lifted order, dates before issue…) change nothing
            }
          };
          for (const s of [...steps].sort((a, b) => a.at - b.at)) {
            now = Math.max(now, start + s.at * HOUR);
            const at = new Date(now).toISOString();
            const past = (back: number) => new Date(Math.max(Date.parse('2020-12-14T15:00:00.000Z'), now - back * HOUR)).toISOString();
            switch (s.kind) {
              case 'clock':
                tryApply({ type: 'RunPenaltyClock', at });
                break;
              case 'clockTwice': {
                // Two workers decide from the same state; the store keeps the first, the second's ids are all stored already.
                const a = run(events, { type: 'RunPenaltyClock', at });
                const b = run(events, { type: 'RunPenaltyClock', at });
                expect(b.map((e) => e.id)).toEqual(a.map((e) => e.id));
                events = [...events, ...a];
                break;
              }
              case 'restore':
                tryApply({ type: 'RecordComplianceRestored', at, effectiveAt: past(s.back), evidence: 'e' });
                break;
              case 'nonCompliance':
                tryApply({ type: 'RecordNonCompliance', at, effectiveAt: past(s.back), reason: 'r' });
                break;
              case 'complete':
                tryApply({ type: 'CompleteCorrectiveMeasure', at, measureId: 'm1', completedAt: past(s.back), evidence: 'e' });
                break;
              case 'lift':
                tryApply({ type: 'LiftOrder', at, liftedAt: past(s.back), reference: 'r' });
                break;
            }
          }
          const final = new Date(now + 24 * HOUR).toISOString();
          events = [...events, ...run(events, { type: 'RunPenaltyClock', at: final })];
          const state = given(events) as IssuedOrder;
          expect(accruedDays(state)).toEqual(accruableDays(state, final).days);
          const ids = events.filter((e) => e.id).map((e) => e.id);
          expect(new Set(ids).size).toBe(ids.length); // no event, hence no day, accrued twice
        }),
        { numRuns: 200 },
      );
    });
  });
});
