import { EVENT_STORE } from '@app/event-store';
import { incidentsProjection, PROJECTION_RUNNER } from '@app/projections';
import { ChildProcess, spawn } from 'node:child_process';
import request from 'supertest';
import { registerOrganization, startTestApp, TestApp } from './support/app';
import { incidentRequest, orderRequest } from './support/requests';

const incident = incidentRequest;

describe('read models over REST (compliance, calendar, register, lists)', () => {
  let t: TestApp;
  let orgId: string;
  beforeEach(async () => {
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false' }, '2026-11-22T15:00:00Z');
    orgId = await registerOrganization(t);
  });
  afterEach(() => t.close());

  const declare = async (over = {}) => (await t.api.post('/api/v1/incidents').send(incident(orgId, over)).expect(201)).body as { id: string; position: number };

  it('reads its own write: a query carrying the command’s position sees it', async () => {
    const { id, position } = await declare();
    const list = await t.api.get(`/api/v1/incidents?organizationId=${orgId}&minPosition=${position}`).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const viaHeader = await t.api.get(`/api/v1/register?organizationId=${orgId}`).set('X-Min-Position', String(position)).expect(200);
    expect(viaHeader.body.entries).toHaveLength(1);
  });

  it('reads every write acknowledged before it without naming a position, on a gateway that keeps its read models, even while they gather appends for a second', async () => {
    const gathering = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', REMINDERS_ENABLED: 'false', OUTBOX_ENABLED: 'false', PROJECTION_GATHER_MS: '1000' });
    try {
      const org = await registerOrganization(gathering);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await gathering.api.post('/api/v1/incidents').send(incident(org, { title: `Incident ${i}` })).expect(201)).body.id);
      const runner = gathering.app.get(PROJECTION_RUNNER);
      expect(await runner.waitFor(await gathering.app.get(EVENT_STORE).headPosition(), 0)).toBe(false); // the last two are being gathered
      const listed = (await gathering.api.get(`/api/v1/incidents?organizationId=${org}`).expect(200)).body.items as { id: string }[];
      expect(listed.map((i) => i.id).sort()).toEqual([...ids].sort());
      ids.push((await gathering.api.post('/api/v1/incidents').send(incident(org, { title: 'Incident 3' })).expect(201)).body.id);
      const viaGraphql = (await gathering.api.post('/graphql').send({ query: `{ incidents(organizationId: "${org}") { items { id } } }` }).expect(200)).body;
      expect(viaGraphql.data.incidents.items.map((i: { id: string }) => i.id).sort()).toEqual([...ids].sort());
    } finally {
      await gathering.close();
    }
  });

  it('answers 503 with Retry-After when the read models cannot reach the position in time, 400 for a position never written', async () => {
    expect((await t.api.get(`/api/v1/incidents?minPosition=999999`).expect(400)).body.errors[0]).toMatchObject({ field: 'minPosition', rule: 'writtenPosition' });
    await t.app.get(PROJECTION_RUNNER).stop(); // the read models stop following the log
    const { position } = await declare();
    const r = await t.api.get(`/api/v1/incidents?minPosition=${position}`).expect(503);
    expect(r.headers['retry-after']).toBe('1');
    expect(r.body.code).toBe('READ_MODEL_BEHIND');
  }, 15_000);

  it('compliance status: at risk while obligations are due soon, non-compliant once one is overdue, with reasons', async () => {
    // Aware at 08:00 today (Montreal): the 48 h assessment target is due in two days.
    const { position } = await declare({ occurred: { from: '2026-11-22T06:00:00-05:00', approximate: false }, awareAt: '2026-11-22T08:00:00-05:00' });
    const atRisk = (await t.api.get(`/api/v1/organizations/${orgId}/compliance?minPosition=${position}`).expect(200)).body;
    expect(atRisk.status).toBe('at_risk');
    expect(atRisk.reasons.map((r: { code: string; obligationId: string }) => `${r.code}:${r.obligationId}`)).toEqual(['OBLIGATION_DUE_SOON:qc.assess-risk']);
    expect(atRisk.reasons[0].message.fr).toMatch(/^Échéance proche/);
    t.clock.set('2026-11-24T14:00:00Z'); // 49 h after awareness: the assessment target has passed
    const late = (await t.api.get(`/api/v1/organizations/${orgId}/compliance`).expect(200)).body;
    expect(late).toMatchObject({ status: 'non_compliant', counts: { overdueObligations: 1 } });
    expect(late.reasons[0]).toMatchObject({ level: 'non_compliant', code: 'OBLIGATION_OVERDUE', obligationId: 'qc.assess-risk' });
  });

  it('compliance status of an organization with nothing open is compliant; an unknown one is a 404', async () => {
    expect((await t.api.get(`/api/v1/organizations/${orgId}/compliance`).expect(200)).body).toMatchObject({ status: 'compliant', reasons: [] });
    await t.api.get('/api/v1/organizations/0b0c2a44-6d5e-4c2f-8f7a-1a2b3c4d5e6f/compliance').expect(404);
  });

  it('the obligations calendar lists due soon and overdue obligations across organizations, filterable', async () => {
    const other = await registerOrganization(t, { name: 'Autre organisation', jurisdictions: ['QC', 'EU'] });
    await declare();
    const { position } = (await t.api.post('/api/v1/incidents').send(incident(other, { persons: { count: 10, approximate: false, inQuebec: 5, inEU: 5 } })).expect(201)).body;
    const all = (await t.api.get(`/api/v1/obligations?when=due_soon,overdue&minPosition=${position}`).expect(200)).body;
    expect(all.items.map((i: { organizationName: string; obligation: { id: string } }) => `${i.organizationName}:${i.obligation.id}`).sort()).toEqual([
      'Autre organisation:gdpr.notify-authority',
      'Autre organisation:qc.assess-risk',
      'Ordre des ingénieurs du Québec:qc.assess-risk',
    ]);
    const mine = (await t.api.get(`/api/v1/obligations?organizationId=${orgId}`).expect(200)).body;
    expect(mine.items).toHaveLength(1);
    await t.api.get('/api/v1/obligations?when=later').expect(400);
  });

  it('the calendar and the status hold a regulator order’s deadlines too: a measure due soon, a report overdue, gone once met', async () => {
    // Clock: 22 Nov 2026, 10:00 in Montreal. The measure is due at the end of 24 Nov; the first report was due 20 Nov.
    const order = orderRequest(orgId, {
      issuedAt: '2026-11-01T10:00:00-04:00',
      measures: [{ id: 'controls', description: 'Contrôles internes', dueOn: '2026-11-24' }],
      reportingDuties: [{ id: 'governance', description: 'Rapport au conseil', dueOn: ['2026-11-20', '2026-12-31'] }],
    });
    const { id: orderId, position } = (await t.api.post('/api/v1/orders').send(order).expect(201)).body;
    const calendar = (await t.api.get(`/api/v1/obligations?organizationId=${orgId}&minPosition=${position}`).expect(200)).body;
    const duties = calendar.items.filter((e: { kind: string }) => e.kind === 'order_duty');
    // Each says the last day the order allows (dueOn) and the instant it becomes overdue, the end of that day in Montreal (dueAt).
    expect(duties.map((e: { duty: { id: string; dueOn: string }; when: string; dueAt: string }) => [e.duty.id, e.when, e.duty.dueOn, e.dueAt])).toEqual([
      ['report:governance:2026-11-20', 'overdue', '2026-11-20', '2026-11-21T05:00:00.000Z'],
      ['measure:controls', 'due_soon', '2026-11-24', '2026-11-25T05:00:00.000Z'],
      ['report:governance:2026-12-31', 'open', '2026-12-31', '2027-01-01T05:00:00.000Z'],
    ]);
    expect(duties[1]).toMatchObject({ orderId, orderReference: order.reference, organizationName: 'Ordre des ingénieurs du Québec', incidentId: null, obligation: null, title: { fr: expect.stringMatching(/^Mesure corrective controls/) }, duty: { regulator: 'AMF', status: 'open' } });
    expect(calendar.counts).toMatchObject({ overdue: 1, due_soon: 1, open: 1 });
    const status = (await t.api.get(`/api/v1/organizations/${orgId}/compliance`).expect(200)).body;
    expect(status.reasons).toContainEqual(expect.objectContaining({ level: 'at_risk', code: 'ORDER_DUTY_DUE_SOON', orderId, obligationId: 'measure:controls', dueAt: '2026-11-25T05:00:00.000Z' }));
    expect(status.counts.dueSoonObligations).toBe(1);
    // GraphQL says the same, in the caller's language.
    const gql = await t.api
      .post('/graphql')
      .set('Accept-Language', 'en')
      .send({ query: `{ obligations(organizationId: "${orgId}", when: "due_soon") { items { kind title dueAt orderReference duty { id regulator status dueOn } obligation { id } } total } }` })
      .expect(200);
    expect(gql.body.data.obligations).toEqual({
      items: [{ kind: 'order_duty', title: expect.stringMatching(/^Corrective measure controls/), dueAt: '2026-11-25T05:00:00.000Z', orderReference: order.reference, duty: { id: 'measure:controls', regulator: 'AMF', status: 'open', dueOn: '2026-11-24' }, obligation: null }],
      total: 1,
    });
    // Met: the measure completed and the late report submitted leave only the next report.
    await t.api.post(`/api/v1/orders/${orderId}/measures/controls/completion`).send({ completedAt: '2026-11-22T09:00:00-05:00', evidence: 'Rapport d’audit' }).expect(201);
    const last = (await t.api.post(`/api/v1/orders/${orderId}/reports`).send({ dutyId: 'governance', submittedAt: '2026-11-22T09:30:00-05:00', summary: 'Rapport' }).expect(201)).body;
    const after = (await t.api.get(`/api/v1/obligations?organizationId=${orgId}&minPosition=${last.position}`).expect(200)).body;
    expect(after.items.filter((e: { kind: string }) => e.kind === 'order_duty').map((e: { duty: { id: string } }) => e.duty.id)).toEqual(['report:governance:2026-12-31']);
  });

  it('the calendar comes in pages, most urgent first; each page says how many in all and how many are overdue or due soon', async () => {
    // Five incidents, each with an overdue assessment and an open register entry: ten entries to page through.
    let position = 0;
    for (let i = 0; i < 5; i++) ({ position } = await declare({ title: `Incident ${i}`, awareAt: `2026-11-20T1${i}:00:00-05:00`, occurred: { from: '2026-11-20T08:00:00-05:00', approximate: false } }));
    t.clock.set('2026-11-23T12:00:00Z');
    const whole = (await t.api.get(`/api/v1/obligations?organizationId=${orgId}&limit=500&minPosition=${position}`).expect(200)).body;
    expect(whole).toMatchObject({ total: whole.items.length, nextCursor: null });
    expect(whole.counts).toEqual({ overdue: whole.items.filter((e: { when: string }) => e.when === 'overdue').length, due_soon: 0, open: whole.items.filter((e: { when: string }) => e.when === 'open').length });
    expect(whole.counts.overdue).toBeGreaterThan(0);
    const key = (e: { incidentId: string; obligation: { id: string } }) => `${e.incidentId}/${e.obligation.id}`; // incidents only here
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { incidentId: string; obligation: { id: string } }[]; nextCursor: string | null; total: number } = (
        await t.api.get(`/api/v1/obligations?organizationId=${orgId}&limit=3${cursor ? `&cursor=${cursor}` : ''}`).expect(200)
      ).body;
      expect(page.total).toBe(whole.total);
      pages.push(page.items.map(key));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([...Array(Math.floor(whole.total / 3)).fill(3), ...(whole.total % 3 ? [whole.total % 3] : [])]);
    expect(pages.flat()).toEqual(whole.items.map(key));
    // The default page is 50; a page beyond 500, or a cursor made up, is refused.
    expect((await t.api.get(`/api/v1/obligations?organizationId=${orgId}`).expect(200)).body.items).toHaveLength(Math.min(50, whole.total));
    expect((await t.api.get('/api/v1/obligations?limit=501').expect(400)).body.errors[0]).toMatchObject({ field: 'limit', rule: 'max' });
    expect((await t.api.get('/api/v1/obligations?cursor=nonsense').expect(400)).body.errors[0]).toMatchObject({ field: 'cursor' });
  });

  it('the register is whole unless a page is asked for; pages follow the order of awareness', async () => {
    let position = 0;
    for (let i = 0; i < 5; i++) ({ position } = await declare({ title: `Incident ${i}`, awareAt: `2026-11-20T1${4 - i}:00:00-05:00`, occurred: { from: '2026-11-20T08:00:00-05:00', approximate: false } }));
    const whole = (await t.api.get(`/api/v1/register?organizationId=${orgId}&minPosition=${position}`).expect(200)).body;
    expect(whole.entries.map((e: { circumstances: { title: string } }) => e.circumstances.title)).toEqual(['Incident 4', 'Incident 3', 'Incident 2', 'Incident 1', 'Incident 0']);
    expect(whole).not.toHaveProperty('nextCursor');
    const first = (await t.api.get(`/api/v1/register?organizationId=${orgId}&limit=2`).expect(200)).body;
    expect(first).toMatchObject({ total: 5, nextCursor: expect.any(String) });
    const second = (await t.api.get(`/api/v1/register?organizationId=${orgId}&limit=2&cursor=${first.nextCursor}`).expect(200)).body;
    const third = (await t.api.get(`/api/v1/register?organizationId=${orgId}&limit=2&cursor=${second.nextCursor}`).expect(200)).body;
    expect(third.nextCursor).toBeNull();
    expect([...first.entries, ...second.entries, ...third.entries]).toEqual(whole.entries);
  });

  it('the Law 25 register shows the 8 fields of s. 7, kept current, with its retention end', async () => {
    const { id } = await declare();
    const post = (path: string, body: object) => t.api.post(`/api/v1/incidents/${id}/${path}`).send(body).expect(201);
    await post('risk-assessments', { sensitivity: 'medium', anticipatedConsequences: { level: 'medium', description: 'Vol d’identité possible' }, likelihoodOfInjuriousUse: 'low', seriousInjuryRisk: true, reason: 'Adresses et noms', privacyOfficerConsulted: true, assessedAt: '2026-11-21T09:00:00-05:00' });
    await post('notifications', { recipient: 'CAI', channel: 'portal', sentAt: '2026-11-21T11:00:00-05:00', summary: 'Avis à la CAI' });
    const last = (await post('mitigations', { measure: 'password_reset', description: 'Réinitialisation des accès', takenAt: '2026-11-20T12:00:00-05:00' })).body;
    const reg = (await t.api.get(`/api/v1/register?organizationId=${orgId}&minPosition=${last.position}`).expect(200)).body;
    expect(reg.source).toContain('s. 7');
    expect(reg.entries).toEqual([
      expect.objectContaining({
        incidentId: id,
        informationConcerned: { categories: ['name', 'home_address'], unknownReason: null },
        circumstances: expect.objectContaining({ title: 'Perte d’un portable non chiffré' }),
        occurred: { from: '2026-11-20T13:00:00.000Z', to: null, approximate: false },
        awareAt: '2026-11-20T15:00:00.000Z',
        personsConcerned: { count: 312, approximate: true, inQuebec: 300 },
        riskAssessment: expect.objectContaining({ seriousInjuryRisk: true, reason: 'Adresses et noms' }),
        notices: { caiNotifiedAt: '2026-11-21T16:00:00.000Z', personsNotifiedAt: null, publicNotice: null, deferral: null },
        measures: [{ measure: 'password_reset', description: 'Réinitialisation des accès', takenAt: '2026-11-20T17:00:00.000Z' }],
        retentionUntil: '2031-11-20',
      }),
    ]);
  });

  it('lists incidents with filters and stable cursor paging', async () => {
    for (let i = 0; i < 5; i++) {
      t.clock.advance(60_000);
      await declare({ title: `Incident ${i}`, kind: i % 2 ? 'cyberattack' : 'confidentiality' });
    }
    t.clock.advance(60_000);
    const { position } = await declare({ title: 'Incident 5' });
    const first = (await t.api.get(`/api/v1/incidents?organizationId=${orgId}&limit=4&minPosition=${position}`).expect(200)).body;
    expect(first.items.map((i: { title: string }) => i.title)).toEqual(['Incident 0', 'Incident 1', 'Incident 2', 'Incident 3']);
    const second = (await t.api.get(`/api/v1/incidents?organizationId=${orgId}&limit=4&cursor=${first.nextCursor}`).expect(200)).body;
    expect(second).toMatchObject({ nextCursor: null });
    expect(second.items.map((i: { title: string }) => i.title)).toEqual(['Incident 4', 'Incident 5']);
    const cyber = (await t.api.get(`/api/v1/incidents?kind=cyberattack`).expect(200)).body;
    expect(cyber.items).toHaveLength(2);
    await t.api.get('/api/v1/incidents?cursor=garbage').expect(400);
    await t.api.get('/api/v1/incidents?limit=0').expect(400);
  });

  it('reports projection lag on /health and /metrics', async () => {
    const { id, position } = await declare();
    await t.api.get(`/api/v1/incidents?minPosition=${position}`).expect(200);
    await t.api.get(`/api/v1/incidents/${id}`).expect(200);
    const h = (await t.api.get('/health').expect(200)).body;
    expect(h.info.projections.projections).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'incidents', version: incidentsProjection.version, status: 'live', lagEvents: 0 })]));
    const m = await t.api.get('/metrics').expect(200);
    const labels = `{projection="incidents",version="${incidentsProjection.version}",status="live"}`;
    expect(m.text).toContain(`vigie_projection_lag_events${labels} 0`);
    // All three gauges of a projection are filled by the same scrape (the lag in seconds and the checkpoint were empty).
    expect(m.text).toContain(`vigie_projection_lag_seconds${labels} 0`);
    expect(m.text).toMatch(new RegExp(`vigie_projection_position${labels.replace(/[{}]/g, '\\$&')} ${position}\\n`));
    // Requests by route template (never by URL), and the process's event-loop delay.
    expect(m.text).toMatch(/vigie_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/incidents",status="200"\} [1-9]/);
    expect(m.text).toMatch(/vigie_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/incidents\/:id",status="200"\} [1-9]/);
    expect(m.text).not.toContain(id);
    expect(m.text).toMatch(/vigie_nodejs_eventloop_lag_seconds \d/);
  });

  it('with METRICS_TOKEN set, /metrics answers only the scraper that sends it (a 401 otherwise, in both languages)', async () => {
    const token = 'f'.repeat(64);
    const guarded = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', METRICS_TOKEN: token });
    try {
      const none = await request(guarded.http).get('/metrics').set('Accept-Language', 'fr').expect(401);
      expect(none.headers['content-type']).toContain('application/problem+json');
      expect(none.body.detail).toContain('/metrics demande le METRICS_TOKEN');
      const wrong = await request(guarded.http).get('/metrics').set('Authorization', `Bearer ${token.slice(1)}`).set('Accept-Language', 'en').expect(401);
      expect(wrong.body.detail).toContain('/metrics asks for the METRICS_TOKEN');
      expect(wrong.text).not.toContain('vigie_');
      // A user's token is not the scraper's.
      await guarded.api.get('/metrics').expect(401);
      const ok = await request(guarded.http).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
      expect(ok.headers['content-type']).toContain('text/plain');
      expect(ok.text).toMatch(/vigie_projection_lag_events\{projection="incidents"/);
      // Health stays open to the load balancer's probe.
      await request(guarded.http).get('/health').expect(200);
    } finally {
      await guarded.close();
    }
  });
});

describe('a gateway whose read models another process keeps (PROJECTIONS_ENABLED=false, npm run cli -- projections run)', () => {
  let t: TestApp;
  let projector: ChildProcess | undefined;
  beforeEach(async () => {
    t = await startTestApp({ PROJECTIONS_ENABLED: 'false', PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false', REMINDERS_ENABLED: 'false' });
  });
  afterEach(async () => {
    projector?.kill('SIGKILL');
    await t.close();
  });

  it('projects nothing itself; with the projector running, a query carrying a command’s position reads it; the projector stops cleanly on SIGTERM', async () => {
    const orgId = await registerOrganization(t);
    const first = (await t.api.post('/api/v1/incidents').send(incident(orgId)).expect(201)).body as { id: string; position: number };
    expect((await t.api.get(`/api/v1/incidents?organizationId=${orgId}`).expect(200)).body.items).toEqual([]);

    projector = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'projections', 'run'], {
      env: { ...process.env, DATA_DIR: t.config.DATA_DIR, EVENT_STORE_URL: t.config.EVENT_STORE_URL },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    projector.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => projector!.once('exit', (code) => resolve(code)));
    while (!out.includes('projecting')) await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(out.trim())).toMatchObject({ projecting: expect.arrayContaining([`incidents@${incidentsProjection.version}`]), store: 'sqlite' });

    const seen = await t.api.get(`/api/v1/incidents?organizationId=${orgId}&minPosition=${first.position}`).expect(200);
    expect(seen.body.items.map((i: { id: string }) => i.id)).toEqual([first.id]);
    // A write made while the projector runs: the gateway waits for the projector's checkpoint (it polls the store every 50 ms).
    const second = (await t.api.post('/api/v1/incidents').send(incident(orgId, { title: 'Deuxième' })).expect(201)).body as { id: string; position: number };
    const both = await t.api.get(`/api/v1/incidents?organizationId=${orgId}`).set('X-Min-Position', String(second.position)).expect(200);
    expect(both.body.items.map((i: { id: string }) => i.id).sort()).toEqual([first.id, second.id].sort());
    expect((await t.api.get('/health').expect(200)).body.info.projections.projections.every((p: { lagEvents: number }) => p.lagEvents === 0)).toBe(true);

    projector.kill('SIGTERM');
    expect(await exited).toBe(0);
    projector = undefined;
  }, 30_000);
});
