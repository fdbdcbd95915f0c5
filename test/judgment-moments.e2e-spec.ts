import { orderRequest } from './support/requests';
import { registerOrganization, startTestApp, TestApp } from './support/app';

/**
 * The moments a status, an exposure or an audit is judged at (`asOf`, `forecastOn`, `at`),
 * through REST and GraphQL: a malformed one, or one beyond the horizon (5 years after now, a
 * product limit), is a validation error that names it; none is an internal error, none makes
 * the server count days for centuries.
 */
describe('moments to judge at', () => {
  let t: TestApp;
  let orgId: string;
  let orderId: string;
  let incidentId: string;
  const NOW = '2026-11-22T15:00:00Z';
  const WITHIN = '2031-11-21T12:00:00Z';
  const BEYOND = '2031-11-23T12:00:00Z';

  beforeAll(async () => {
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false' }, NOW);
    orgId = await registerOrganization(t);
    // A quarterly report never submitted since 2021: a period of non-compliance opens every 90 days.
    orderId = (
      await t.api
        .post('/api/v1/orders')
        .send(orderRequest(orgId, { reportingDuties: [{ id: 'quarterly', description: 'Rapport trimestriel', cadence: { everyDays: 90, firstDueOn: '2021-03-31' } }] }))
        .expect(201)
    ).body.id;
    incidentId = (
      await t.api
        .post('/api/v1/incidents')
        .send({
          organizationId: orgId, kind: 'confidentiality', title: 'Portable perdu', description: 'd', origin: { type: 'human_error' },
          occurred: { from: '2026-11-20T08:00:00-05:00', approximate: false }, awareAt: '2026-11-20T10:00:00-05:00',
          personalInformation: { categories: ['name'] }, persons: { count: 3, approximate: false }, systems: { affected: [], servicesDown: false },
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const rest = () => [
    { path: `/api/v1/organizations/${orgId}/compliance?asOf=`, field: 'asOf' },
    { path: `/api/v1/orders/${orderId}/exposure?asOf=`, field: 'asOf' },
    { path: `/api/v1/organizations/${orgId}/exposure?asOf=`, field: 'asOf' },
    { path: `/api/v1/incidents/${incidentId}?asOf=`, field: 'asOf' },
    { path: `/api/v1/audit/organizations/${orgId}/compliance?basis=business&at=`, field: 'at' },
    { path: `/api/v1/audit/orders/${orderId}?basis=recorded&at=`, field: 'at' },
    // (The register's export is a document of what stood at a moment: no moment still to come, see exports.e2e-spec.)
  ];

  it('REST: a moment up to 5 years after now is judged; one beyond is a 400 that names the field and the horizon, in both languages', async () => {
    for (const { path, field } of rest()) {
      await t.api.get(path + encodeURIComponent(WITHIN)).expect(200);
      const r = await t.api.get(path + encodeURIComponent(BEYOND));
      expect([path, r.status]).toEqual([path, 400]);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body.errors).toEqual([{ field, rule: 'horizon', message: 'must not be later than 2031-11-22: at most 5 years from now' }]);
      const fr = await t.api.get(path + encodeURIComponent(BEYOND)).set('Accept-Language', 'fr').expect(400);
      expect(fr.body.errors[0].message).toBe('ne doit pas être postérieur au 2031-11-22 : au plus 5 ans à partir de maintenant');
    }
  });

  it('an audit without `at` judges at the application clock’s now, like every other read', async () => {
    const r = await t.api.get(`/api/v1/audit/organizations/${orgId}/compliance?basis=business`).expect(200);
    expect(r.body).toMatchObject({ asOfBasis: { basis: 'business', at: new Date(NOW).toISOString() }, asOf: new Date(NOW).toISOString() });
  });

  it('REST: a forecast day beyond the horizon is refused the same way; one within it is forecast', async () => {
    const ok = await t.api.get(`/api/v1/orders/${orderId}/exposure?forecastOn=2031-11-21`).expect(200);
    expect(ok.body.forecast).toMatchObject({ on: '2031-11-21' });
    const r = await t.api.get(`/api/v1/orders/${orderId}/exposure?forecastOn=2031-11-23`).expect(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ field: 'forecastOn', rule: 'horizon' })]);
  });

  const graphql = (query: string, variables: Record<string, unknown> = {}) => t.api.post('/graphql').send({ query, variables }).expect(200);
  const problemOf = (body: { errors?: { extensions: { code: string; errors?: { field: string; rule: string }[] } }[] }) => body.errors?.[0]?.extensions;

  it('GraphQL: malformed or far moments are VALIDATION_FAILED naming the argument, never INTERNAL_ERROR', async () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['query($o: ID!, $a: String) { complianceStatus(organizationId: $o, asOf: $a) { status } }', { o: orgId, a: 'garbage' }, 'asOf', 'isIso8601Instant'],
      ['query($o: ID!, $a: String) { complianceStatus(organizationId: $o, asOf: $a) { status } }', { o: orgId, a: BEYOND }, 'asOf', 'horizon'],
      ['query($id: ID!, $a: String) { exposure(id: $id, asOf: $a) { daysCounted } }', { id: orderId, a: '2021-13-45T00:00:00Z' }, 'asOf', 'isIso8601Instant'],
      ['query($id: ID!, $f: String) { exposure(id: $id, forecastOn: $f) { daysCounted } }', { id: orderId, f: '2026-02-30' }, 'forecastOn', 'isCalendarDay'],
      ['query($id: ID!, $f: String) { exposure(id: $id, forecastOn: $f) { daysCounted } }', { id: orderId, f: '2999-01-01' }, 'forecastOn', 'horizon'],
    ];
    for (const [query, variables, field, rule] of cases) {
      const e = problemOf((await graphql(query, variables)).body);
      expect(e).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(e?.errors).toEqual([expect.objectContaining({ field, rule })]);
    }
    const ok = await graphql('query($o: ID!, $a: String) { complianceStatus(organizationId: $o, asOf: $a) { status } }', { o: orgId, a: WITHIN });
    expect(ok.body.data.complianceStatus.status).toBe('non_compliant');
  });

  it('GraphQL: list arguments follow the REST rules (an unknown status, a limit out of range or a malformed id are refused, not ignored or clamped)', async () => {
    const cases: [string, string, string][] = [
      ['{ incidents(status: "bogus") { nextCursor } }', 'status', 'isIn'],
      ['{ incidents(limit: 100000) { nextCursor } }', 'limit', 'max'],
      ['{ incidents(limit: 0) { nextCursor } }', 'limit', 'min'],
      ['{ incidents(organizationId: "not-a-uuid") { nextCursor } }', 'organizationId', 'isUuid'],
      ['{ incidents(kind: "rumour") { nextCursor } }', 'kind', 'isIn'],
      ['{ orders(limit: -5) { nextCursor } }', 'limit', 'min'],
      ['{ orders(status: "bogus") { nextCursor } }', 'status', 'isIn'],
      ['{ obligations(organizationId: "x") { total } }', 'organizationId', 'isUuid'],
      ['{ obligations(limit: 501) { total } }', 'limit', 'max'],
      ['{ obligations(when: "never") { total } }', 'when', 'matches'],
      ['{ register(organizationId: "x") { incidentId } }', 'organizationId', 'isUuid'],
      ['{ incident(id: "x") { title } }', 'id', 'isUuid'],
      [`{ incident(id: "${incidentId}", asOf: "${BEYOND}") { title } }`, 'asOf', 'horizon'],
      [`{ reminders(organizationId: "${orgId}", trigger: "sometimes") { nextCursor } }`, 'trigger', 'isIn'],
    ];
    for (const [query, field, rule] of cases) {
      const e = problemOf((await graphql(query)).body);
      expect(e).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(e?.errors).toEqual([expect.objectContaining({ field, rule })]);
    }
    const page = await graphql('{ incidents(status: "open", limit: 1) { items { id } nextCursor } }');
    expect(page.body.data.incidents.items).toEqual([{ id: incidentId }]);
    // An explicit null is no limit given: the default page of 50, as in REST.
    expect((await graphql('{ incidents(limit: null) { items { id } } }')).body.data.incidents.items).toEqual([{ id: incidentId }]);
    const due = await graphql(
      `{ obligations(organizationId: "${orgId}", when: "overdue", limit: 500) { items { kind when obligation { id } duty { id } } total counts { overdue dueSoon open } nextCursor } before: incident(id: "${incidentId}", asOf: "2026-11-21T12:00:00Z") { obligations { id status } } }`,
    );
    type Entry = { kind: string; when: string; obligation: { id: string } | null; duty: { id: string } | null };
    const calendar: { items: Entry[]; total: number; counts: object; nextCursor: null } = due.body.data.obligations;
    expect(calendar.items.filter((e) => e.kind === 'incident_obligation')).toEqual([{ kind: 'incident_obligation', when: 'overdue', obligation: { id: 'qc.assess-risk' }, duty: null }]);
    // The order's measure and its quarterly reports, never met since 2021, are deadlines too.
    const duties = calendar.items.filter((e) => e.kind === 'order_duty');
    expect(duties.map((e) => e.duty!.id)).toEqual(expect.arrayContaining(['measure:internal-controls', 'report:quarterly:2021-03-31']));
    expect(duties.every((e) => e.when === 'overdue' && e.obligation === null)).toBe(true);
    expect(calendar).toMatchObject({ total: 1 + duties.length, counts: { overdue: 1 + duties.length, dueSoon: 0, open: 0 }, nextCursor: null });
    // Nothing of the incident's is open or due soon; the order's next quarterly report is open.
    expect((await graphql(`{ obligations(organizationId: "${orgId}", when: "open,due_soon") { items { kind when duty { id } } total } }`)).body.data.obligations).toEqual({
      items: [{ kind: 'order_duty', when: 'open', duty: { id: expect.stringMatching(/^report:quarterly:\d{4}-\d{2}-\d{2}$/) } }],
      total: 1,
    });
    // Judged before its deadline, the risk assessment was still open (asOf reaches the incident query too).
    expect(due.body.data.before.obligations).toContainEqual({ id: 'qc.assess-risk', status: 'open' });
  });
});
