import { EVENT_STORE, EventStore } from '@app/event-store';
import { registerOrganization, startTestApp, TestApp } from '../support/app';
import { orderRequest } from '../support/requests';

/**
 * 14 December 2020: the AMF orders the Fédération des caisses Desjardins du Québec,
 * under s. 567 of the Act respecting financial services cooperatives (CQLR c. C-67.3),
 * to put corrective measures and robust internal controls in place and to report on
 * them, under a sanction of $10,000 per day of non-compliance. The order's own
 * deadlines were not public: here they are inputs (a measure due 12 March 2021).
 */
const order = (organizationId: string) => orderRequest(organizationId);

describe('scenario: the AMF’s order to the Desjardins federation (14 December 2020)', () => {
  let t: TestApp;
  let orgId: string;
  let orderId: string;
  beforeEach(async () => {
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false' }, '2020-12-14T16:00:00Z');
    orgId = await registerOrganization(t, { name: 'Fédération des caisses Desjardins du Québec', sectors: ['financial_services_cooperative'], jurisdictions: ['QC'] });
    orderId = (await t.api.post('/api/v1/orders').send(order(orgId)).expect(201)).body.id;
  });
  afterEach(() => t.close());

  it('never complied with: every day since 13 March 2021 accrues 10 000 $, once, in one catch-up run', async () => {
    t.clock.set('2026-11-22T15:00:00Z');
    const run = (await t.api.post('/api/v1/penalty-clock/runs').expect(200)).body;
    expect(run).toMatchObject({ orders: 1, accrued: 2080, reversed: 0 });
    expect((await t.api.post('/api/v1/penalty-clock/runs').expect(200)).body).toMatchObject({ accrued: 0 });
    const e = (await t.api.get(`/api/v1/orders/${orderId}/exposure?forecastOn=2026-12-31`).set('Accept-Language', 'fr').expect(200)).body;
    expect(e).toMatchObject({
      daysCounted: 2080,
      firstDay: '2021-03-13',
      lastDay: '2026-11-21',
      perDay: { cents: 1_000_000, display: { fr: '10\u00a0000\u00a0$', en: '$10,000' } },
      outstanding: { cents: 2_080_000_000, display: { fr: '20\u00a0800\u00a0000\u00a0$', en: '$20,800,000' } },
      nonCompliant: true,
      missedDuties: ['measure:internal-controls'],
      pendingDays: 0,
      forecast: { on: '2026-12-31', days: 2120, outstanding: { cents: 2_120_000_000 } },
      dayCounting: { id: 'calendar-days-after-missed-due-date', assumption: true },
    });
  });

  it('compliance shown late, then backdated: accrued days after it are reversed, never deleted', async () => {
    t.clock.set('2021-04-01T12:00:00Z');
    await t.api.post('/api/v1/penalty-clock/runs').expect(200);
    // Recording the completion reverses the days after it at once (25 → 31 March): the answer already carries them.
    const completed = (await t.api.post(`/api/v1/orders/${orderId}/measures/internal-controls/completion`).send({ completedAt: '2021-03-25T11:00:00-04:00', evidence: 'Rapport au conseil, 25 mars 2021' }).expect(201)).body;
    expect(completed.revision).toBe(1 + 19 + 1 + 7 - 1); // issued, 19 days, completed, 7 reversals
    expect((await t.api.post('/api/v1/penalty-clock/runs').expect(200)).body).toMatchObject({ accrued: 0, reversed: 0 });
    const e = (await t.api.get(`/api/v1/orders/${orderId}/exposure`).expect(200)).body;
    expect(e).toMatchObject({ daysAccrued: 19, daysReversed: 7, daysCounted: 12, outstanding: { cents: 12_000_000, display: { en: "$120,000" } }, nonCompliant: false });
    const stored = await (t.app.get(EVENT_STORE) as EventStore).readStream(`order-${orderId}`);
    expect(stored.filter((x) => x.type === 'DailyPenaltyAccrued')).toHaveLength(19);
    expect(stored.filter((x) => x.type === 'PenaltyAccrualReversed')).toHaveLength(7);

    await t.api.post(`/api/v1/orders/${orderId}/payments`).send({ amountCents: 12_000_000, currency: 'CAD', paidAt: '2021-04-01T07:00:00-04:00', reference: 'Virement 2021-04-01' }).expect(201);
    expect((await t.api.get(`/api/v1/orders/${orderId}/exposure`).expect(200)).body.outstanding).toMatchObject({ cents: 0, display: { en: '$0' } });
    // Exposure as it stood at noon on 20 March: 13 → 19 March had ended (7 days); the payment came later.
    const past = (await t.api.get(`/api/v1/orders/${orderId}/exposure?asOf=2021-03-20T12:00:00-04:00`).expect(200)).body;
    expect(past).toMatchObject({ daysCounted: 7, paid: { cents: 0 } });
  });

  it('entered today, years after its missed due date: the answer, the exposure and the ledger already owe every day since, with no clock run', async () => {
    t.clock.set('2026-11-22T15:00:00Z');
    const late = (await t.api.post('/api/v1/orders').send({ ...order(orgId), reference: 'AMF — saisie tardive' }).expect(201)).body;
    expect(late.revision).toBe(2080); // issued, then 13 March 2021 … 21 November 2026
    expect((await t.api.get(`/api/v1/orders/${late.id}`).expect(200)).headers.etag).toBe('"2080"');
    const e = (await t.api.get(`/api/v1/orders/${late.id}/exposure`).expect(200)).body;
    expect(e).toMatchObject({ daysAccrued: 2080, daysCounted: 2080, pendingDays: 0, firstDay: '2021-03-13', lastDay: '2026-11-21', outstanding: { cents: 2_080_000_000 } });
    // The ledger, a page of 1,000 lines at a time, in the order recorded.
    const lines: { entry: string; position: number; balanceCents: number }[] = [];
    let pages = 0;
    for (let cursor = ''; ; pages++) {
      const page = (await t.api.get(`/api/v1/orders/${late.id}/ledger${cursor ? `?cursor=${cursor}` : ''}`).expect(200)).body as { totals: { lines: number; balanceCents: number }; lines: typeof lines; nextCursor: string | null };
      expect(page.totals).toEqual({ lines: 2080, balanceCents: 2_080_000_000 });
      lines.push(...page.lines);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(pages).toBe(2); // 1,000 + 1,000 + 80
    expect(lines.filter((l) => l.entry === 'accrual')).toHaveLength(2080);
    expect(lines.map((l) => l.position)).toEqual([...lines.map((l) => l.position)].sort((a, b) => a - b));
    expect(lines[2079].balanceCents).toBe(2_080_000_000);
    // Summed for a chart: more than a year of it, so by month (March 2021 … November 2026), unless days are asked for.
    const series = (await t.api.get(`/api/v1/orders/${late.id}/ledger/series`).expect(200)).body;
    expect(series).toMatchObject({ grain: 'month', currency: 'CAD', totals: { penaltyDays: 2080, reversals: 0, balanceCents: 2_080_000_000 } });
    expect(series.periods).toHaveLength(69);
    expect(series.periods[0]).toEqual({ period: '2021-03', penaltyDays: 19, reversals: 0, accruedCents: 19_000_000, reversedCents: 0, paidCents: 0, balanceCents: 19_000_000 });
    expect(series.periods[68]).toMatchObject({ period: '2026-11', penaltyDays: 21, balanceCents: 2_080_000_000 });
    expect((await t.api.get(`/api/v1/orders/${late.id}/ledger/series?grain=day`).expect(200)).body.periods).toHaveLength(2080);
    const refused = await t.api.get(`/api/v1/orders/${late.id}/ledger/series?grain=week`).expect(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'grain' })]);
    // Compliance shown on 1 November, recorded on the 22nd: the 21 days from the 1st on are reversed as it is recorded.
    t.clock.set('2026-11-22T15:30:00Z');
    const restored = (await t.api.post(`/api/v1/orders/${late.id}/compliance-restored`).send({ effectiveAt: '2026-11-01T09:00:00-04:00', evidence: 'Attestation du 1er novembre' }).expect(201)).body;
    expect(restored.revision).toBe(2080 + 1 + 21);
    expect((await t.api.get(`/api/v1/orders/${late.id}/exposure`).expect(200)).body).toMatchObject({ daysReversed: 21, daysCounted: 2059, pendingReversalDays: 0, nonCompliant: false, lastDay: '2026-10-31' });
    // Auditors: the ledger as it was known before the restoration was recorded, as it is now, and as it stood (business time) on 31 March 2021 at noon.
    const audit = async (query: string) => (await t.api.get(`/api/v1/audit/orders/${late.id}/ledger/series?${query}`).expect(200)).body;
    expect(await audit('basis=recorded&at=2026-11-22T15:10:00Z')).toMatchObject({ existed: true, eventsIncluded: 2081, grain: 'month', totals: { penaltyDays: 2080, reversals: 0, balanceCents: 2_080_000_000 } });
    expect(await audit('basis=recorded')).toMatchObject({ eventsIncluded: 2103, totals: { penaltyDays: 2080, reversals: 21, balanceCents: 2_059_000_000 } });
    expect(await audit('basis=recorded&at=2026-11-22T14:00:00Z')).toMatchObject({ existed: false, eventsIncluded: 0, periods: [], totals: { balanceCents: 0 } });
    const march = await audit('basis=business&at=2021-03-31T12:00:00-04:00');
    expect(march).toMatchObject({ grain: 'day', judgedAt: '2021-03-31T16:00:00.000Z', totals: { penaltyDays: 18, balanceCents: 18_000_000 } }); // 13–30 March had ended
    expect(march.periods.map((p: { period: string }) => p.period)).toEqual(Array.from({ length: 18 }, (_, i) => `2021-03-${String(13 + i).padStart(2, '0')}`));
    const gql = await t.api
      .post('/graphql')
      .send({ query: 'query($id: ID!) { orderLedgerSeriesAsOf(id: $id, basis: "recorded", at: "2026-11-22T15:10:00Z", grain: "month") { moment { basis at judgedAt } existed grain totals { reversals balanceCents } } }', variables: { id: late.id } })
      .expect(200);
    expect(gql.body.data.orderLedgerSeriesAsOf).toEqual({ moment: { basis: 'recorded', at: '2026-11-22T15:10:00.000Z', judgedAt: '2026-11-22T15:10:00.000Z' }, existed: true, grain: 'month', totals: { reversals: 0, balanceCents: 2_080_000_000 } });
    // The clock's run owes nothing more for it; it accrues the other order's days, recorded in 2020 before any was due.
    expect((await t.api.post('/api/v1/penalty-clock/runs').expect(200)).body).toMatchObject({ orders: 2, accrued: 2080, reversed: 0 });
    expect((await t.api.get(`/api/v1/orders/${late.id}/exposure`).expect(200)).body).toMatchObject({ daysAccrued: 2080, daysReversed: 21, daysCounted: 2059 });
  });

  it('the organization’s exposure sums its orders', async () => {
    t.clock.set('2021-03-20T12:00:00Z');
    await t.api.post('/api/v1/orders').send({ ...order(orgId), reference: 'second', measures: [{ id: 'm', description: 'x', dueOn: '2021-03-15' }] }).expect(201);
    await t.api.post('/api/v1/penalty-clock/runs').expect(200);
    const e = (await t.api.get(`/api/v1/organizations/${orgId}/exposure`).expect(200)).body;
    expect(e).toMatchObject({ orders: 2, nonCompliantOrders: 2, daysCounted: 7 + 4, outstanding: { cents: 11_000_000, display: { en: '$110,000' } } });
  });

  describe('bad input: a clear 400/422, nothing appended', () => {
    const count = async () => (await (t.app.get(EVENT_STORE) as EventStore).readAll()).events.length;
    it.each([
      ['a zero penalty', { penalty: { amountPerDayCents: 0, currency: 'CAD' } }, 400, 'penalty.amountPerDayCents'],
      ['a negative penalty', { penalty: { amountPerDayCents: -5, currency: 'CAD' } }, 400, 'penalty.amountPerDayCents'],
      ['fractional cents', { penalty: { amountPerDayCents: 10.5, currency: 'CAD' } }, 400, 'penalty.amountPerDayCents'],
      ['a penalty per day above 1 000 000 000 $ (totals would lose cents)', { penalty: { amountPerDayCents: 100_000_000_001, currency: 'CAD' } }, 400, 'penalty.amountPerDayCents'],
      ['a penalty per day beyond exact numbers', { penalty: { amountPerDayCents: 1e20, currency: 'CAD' } }, 400, 'penalty.amountPerDayCents'],
      ['a due date before the issue date', { measures: [{ id: 'm', description: 'x', dueOn: '2020-12-01' }] }, 400, 'measures[0].dueOn'],
      ['an impossible due date', { measures: [{ id: 'm', description: 'x', dueOn: '2021-02-29' }] }, 400, 'measures.0.dueOn'],
    ])('%s', async (_l, over, status, field) => {
      const before = await count();
      const r = await t.api.post('/api/v1/orders').send({ ...order(orgId), ...over }).expect(status);
      expect(r.body.errors.map((e: { field: string }) => e.field.replace(/\[(\d+)\]/g, '.$1'))).toContain(field.replace(/\[(\d+)\]/g, '.$1'));
      expect(await count()).toBe(before);
    });

    it('a payment beyond exact numbers is a 400 naming amountCents, in French too', async () => {
      const before = await count();
      const r = await t.api.post(`/api/v1/orders/${orderId}/payments`).set('Accept-Language', 'fr').send({ amountCents: 1e20, currency: 'CAD', paidAt: '2020-12-14T12:00:00-05:00', reference: 'x' }).expect(400);
      expect(r.body.errors).toEqual([{ field: 'amountCents', rule: 'max', message: 'amountCents : ne doit pas être supérieur à 9007199254740991' }]);
      expect(await count()).toBe(before);
    });

    it('an order calling for more reports a year than Vigie follows is a 400 naming reportingDuties and the rule, in French too (a hundred daily reports since 2000 once exhausted the server)', async () => {
      const before = await count();
      const daily = Array.from({ length: 100 }, (_, i) => ({ id: `r${i}`, description: 'Rapport quotidien', cadence: { everyDays: 1, firstDueOn: '2000-01-02' } }));
      const body = { ...order(orgId), issuedAt: '2000-01-01T10:00:00-05:00', measures: [{ id: 'm', description: 'x', dueOn: '2000-01-02' }], reportingDuties: daily };
      const r = await t.api.post('/api/v1/orders').set('Accept-Language', 'fr').send(body).expect(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.body.errors).toEqual([
        { field: 'reportingDuties', rule: 'maxReportsPerYear', message: 'les redditions de comptes exigent jusqu’à 36\u00a0600 rapports par année; Vigie en suit au plus 1\u00a0000 par ordonnance (une limite du produit)' },
      ]);
      expect(await count()).toBe(before);
    });

    it('completing a measure the order does not have is a 422', async () => {
      const before = await count();
      const r = await t.api.post(`/api/v1/orders/${orderId}/measures/nope/completion`).send({ completedAt: '2020-12-14T12:00:00-05:00', evidence: 'x' }).expect(422);
      expect(r.body).toMatchObject({ code: 'UNKNOWN_MEASURE', errors: [expect.objectContaining({ field: 'measureId' })] });
      expect(await count()).toBe(before);
    });

    it('compliance dated in the future is a 400 naming effectiveAt', async () => {
      const before = await count();
      const r = await t.api.post(`/api/v1/orders/${orderId}/compliance-restored`).send({ effectiveAt: '2030-01-01T00:00:00Z', evidence: 'x' }).expect(400);
      expect(r.body.errors).toEqual([expect.objectContaining({ field: 'effectiveAt', rule: 'notInFuture' })]);
      expect(await count()).toBe(before);
    });
  });
});
