import { eventCountsByTypeFilter, registerOrganization, startTestApp, TestApp } from './support/app';
import { incidentRequest } from './support/requests';

const incident = (organizationId: string) => incidentRequest(organizationId, {
  title: 'Dossiers envoyés au mauvais destinataire',
  description: 'd',
  personalInformation: { categories: ['name', 'health'] },
  persons: { count: 40, approximate: false, inQuebec: 40 },
  systems: { affected: [], servicesDown: false },
});

describe('audit: history, state as of a business time, a recorded time or a position, verification', () => {
  let t: TestApp;
  let orgId: string;
  let id: string;
  let declaredAt: number;
  beforeEach(async () => {
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false' }, '2026-11-20T17:00:00Z');
    orgId = await registerOrganization(t);
    const r = (await t.api.post('/api/v1/incidents').send(incident(orgId)).expect(201)).body;
    id = r.id;
    declaredAt = r.position;
    // Two days later, a risk assessment made on the 21st is entered late.
    t.clock.set('2026-11-23T14:00:00Z');
    await t.api
      .post(`/api/v1/incidents/${id}/risk-assessments`)
      .send({ sensitivity: 'high', anticipatedConsequences: { level: 'high', description: 'Santé' }, likelihoodOfInjuriousUse: 'medium', seriousInjuryRisk: true, reason: 'Renseignements de santé', privacyOfficerConsulted: true, assessedAt: '2026-11-21T10:00:00-05:00' })
      .expect(201);
  });
  afterEach(() => t.close());

  it('a stream’s full history with metadata and chained hashes', async () => {
    const h = (await t.api.get(`/api/v1/audit/streams/incident-${id}`).expect(200)).body;
    expect(h.events.map((e: { type: string }) => e.type)).toEqual(['IncidentDeclared', 'RiskOfSeriousInjuryAssessed']);
    expect(h.events[1].metadata).toMatchObject({ actor: 'user:test-admin', occurredAt: '2026-11-21T15:00:00.000Z', recordedAt: '2026-11-23T14:00:00.000Z' });
    expect(h.events[1].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a stream’s history a page at a time: from a revision, with where the next page starts', async () => {
    const path = `/api/v1/audit/streams/incident-${id}`;
    const first = (await t.api.get(`${path}?limit=1`).expect(200)).body;
    expect(first).toMatchObject({ stream: `incident-${id}`, lastRevision: 1, nextRevision: 1 });
    expect(first.events.map((e: { revision: number; type: string }) => [e.revision, e.type])).toEqual([[0, 'IncidentDeclared']]);
    const second = (await t.api.get(`${path}?limit=1&fromRevision=${first.nextRevision}`).expect(200)).body;
    expect(second).toMatchObject({ lastRevision: 1, nextRevision: null });
    expect(second.events.map((e: { revision: number; type: string }) => [e.revision, e.type])).toEqual([[1, 'RiskOfSeriousInjuryAssessed']]);
    expect((await t.api.get(`${path}?fromRevision=2`).expect(200)).body).toMatchObject({ events: [], lastRevision: 1, nextRevision: null });
    for (const [q, field] of [
      ['limit=0', 'limit'],
      ['limit=5001', 'limit'],
      ['fromRevision=-1', 'fromRevision'],
      ['fromRevision=x', 'fromRevision'],
      ['fromRevision=99999999999999999999', 'fromRevision'], // past what a number holds exactly: named as the request names it
    ]) {
      const r = await t.api.get(`${path}?${q}`).expect(400);
      expect([q, r.body.errors.map((e: { field: string }) => e.field)]).toEqual([q, [field]]);
    }
    await t.api.get('/api/v1/audit/streams/incident-4f1b2c3d-0000-4000-8000-000000000000').expect(404);
  });

  it('"what was true on the 22nd" includes the late assessment; "what did we know on the 22nd" does not', async () => {
    const at = '2026-11-22T12:00:00Z';
    const truth = (await t.api.get(`/api/v1/audit/incidents/${id}?basis=business&at=${at}`).expect(200)).body;
    const known = (await t.api.get(`/api/v1/audit/incidents/${id}?basis=recorded&at=${at}`).expect(200)).body;
    expect(truth.state.assessments).toHaveLength(1);
    expect(known.state.assessments).toHaveLength(0);
    expect(truth.obligations.map((o: { id: string }) => o.id)).toContain('qc.notify-cai');
    expect(known.obligations.map((o: { id: string }) => o.id)).not.toContain('qc.notify-cai');
    expect(known).toMatchObject({ eventsIncluded: 1, eventsTotal: 2, judgedAt: '2026-11-22T12:00:00.000Z' });
    const atPosition = (await t.api.get(`/api/v1/audit/incidents/${id}?basis=position&at=${declaredAt}`).expect(200)).body;
    expect(atPosition).toMatchObject({ eventsIncluded: 1, judgedAt: '2026-11-20T17:00:00.000Z' });
  });

  it('the register and the compliance status as they stood on a past date', async () => {
    const before = (await t.api.get(`/api/v1/audit/organizations/${orgId}/register?basis=recorded&at=2026-11-20T16:00:00Z`).expect(200)).body;
    expect(before.entries).toEqual([]);
    const then = (await t.api.get(`/api/v1/audit/organizations/${orgId}/register?basis=recorded&at=2026-11-22T12:00:00Z`).expect(200)).body;
    expect(then.entries).toEqual([expect.objectContaining({ incidentId: id, riskAssessment: null })]);
    const now = (await t.api.get(`/api/v1/audit/organizations/${orgId}/register?basis=recorded&at=2026-11-23T15:00:00Z`).expect(200)).body;
    expect(now.entries[0].riskAssessment).toMatchObject({ seriousInjuryRisk: true });
    const compliance = (await t.api.get(`/api/v1/audit/organizations/${orgId}/compliance?basis=recorded&at=2026-11-21T12:00:00Z`).expect(200)).body;
    expect(compliance).toMatchObject({ status: 'at_risk', asOf: '2026-11-21T12:00:00.000Z' });
  });

  it('an incident declared days after the organization became aware of it was true, and overdue, from its awareness', async () => {
    // Now the 23rd: an incident the organization has known of since the 16th is declared.
    const late = (await t.api.post('/api/v1/incidents').send(incidentRequest(orgId, { title: 'Déclaré en retard', awareAt: '2026-11-16T09:00:00-05:00', occurred: { from: '2026-11-15T08:00:00-05:00', approximate: false } })).expect(201)).body.id;
    const at = '2026-11-18T12:00:00Z';
    const truth = (await t.api.get(`/api/v1/audit/incidents/${late}?basis=business&at=${at}`).expect(200)).body;
    expect(truth).toMatchObject({ existed: true, eventsIncluded: 1, judgedAt: '2026-11-18T12:00:00.000Z' });
    // On the 18th its register entry (due 24 h after awareness) was not made: it was made on the 23rd.
    expect(truth.obligations.find((o: { id: string }) => o.id === 'qc.register')).toMatchObject({ status: 'overdue', metAt: null, dueAt: '2026-11-17T14:00:00.000Z' });
    const known = (await t.api.get(`/api/v1/audit/incidents/${late}?basis=recorded&at=${at}`).expect(200)).body;
    expect(known).toMatchObject({ existed: false, eventsIncluded: 0 });
    // Before its awareness, it was not yet a fact of the organization's life.
    expect((await t.api.get(`/api/v1/audit/incidents/${late}?basis=business&at=2026-11-16T13:00:00Z`).expect(200)).body).toMatchObject({ existed: false });
    // The organization's compliance on the 18th counts it; its register on the 18th did not hold it yet.
    const compliance = (await t.api.get(`/api/v1/audit/organizations/${orgId}/compliance?basis=business&at=${at}`).expect(200)).body;
    expect(compliance.status).toBe('non_compliant');
    expect(compliance.reasons).toContainEqual(expect.objectContaining({ code: 'OBLIGATION_OVERDUE', incidentId: late, obligationId: 'qc.register' }));
    const register = (await t.api.get(`/api/v1/audit/organizations/${orgId}/register?basis=business&at=${at}`).expect(200)).body;
    expect(register.entries).toEqual([]);
    const registerNow = (await t.api.get(`/api/v1/audit/organizations/${orgId}/register?basis=business&at=2026-11-23T15:00:00Z`).expect(200)).body;
    expect(registerNow.entries.map((e: { incidentId: string }) => e.incidentId).sort()).toEqual([id, late].sort());
  });

  it('verifies the chains and anchors the log', async () => {
    expect((await t.api.post('/api/v1/audit/anchors').expect(200)).body).toMatchObject({ seq: 1, events: 3 });
    expect((await t.api.get('/api/v1/audit/verify').expect(200)).body).toMatchObject({ ok: true, eventsChecked: 3, anchorsChecked: 1, firstBrokenLink: null });
    const auditor = await t.token({ role: 'auditor', orgs: '*' });
    const log = (await t.api.get('/api/v1/audit/events?types=IncidentDeclared').set('Authorization', `Bearer ${auditor}`).expect(200)).body;
    expect(log.events).toHaveLength(1);
    // The global log mixes every stream: each event says which one it belongs to, and where in it.
    expect(log.events[0]).toMatchObject({ streamId: `incident-${id}`, revision: 0, type: 'IncidentDeclared' });
  });

  it('a misspelt event type in the log’s filter is a 400 naming it, never an empty log that reads as “no such event”', async () => {
    const bad = await t.api.get('/api/v1/audit/events?types=IncidentDeclared,IncidentDeclard').set('Accept-Language', 'fr').expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'types', rule: 'knownEventType' })]);
    expect(bad.body.errors[0].message).toContain('IncidentDeclard');
    expect(bad.body.errors[0].message).toMatch(/^aucun événement n’est du type IncidentDeclard; les types sont .*RiskOfSeriousInjuryAssessed/);
    // The same for a stream prefix no stream can have (`incidents-` for `incident-`).
    const prefix = await t.api.get('/api/v1/audit/events?streamPrefix=incidents-').set('Accept-Language', 'en').expect(400);
    expect(prefix.body.errors).toEqual([{ field: 'streamPrefix', rule: 'knownStreamCategory', message: expect.stringMatching(/^no stream starts with incidents-; streams are named organization-…, incident-…, order-…/) }]);
    expect((await t.api.get(`/api/v1/audit/events?streamPrefix=incident-${id.slice(0, 8)}`).expect(200)).body.events).toHaveLength(2);
    expect((await t.api.get('/api/v1/audit/events?streamPrefix=inc').expect(200)).body.events).toHaveLength(2);
    // A position past what a number holds exactly is refused under the request's own name for it.
    expect((await t.api.get('/api/v1/audit/events?after=99999999999999999999').expect(400)).body.errors.map((e: { field: string }) => e.field)).toEqual(['after']);
    // Every type the log holds here can be asked for, each alone.
    expect(await eventCountsByTypeFilter(t)).toEqual({ OrganizationRegistered: 1, IncidentDeclared: 1, RiskOfSeriousInjuryAssessed: 1 });
  });

  it('rejects a bad basis or moment with a 400 naming the field', async () => {
    expect((await t.api.get(`/api/v1/audit/incidents/${id}?basis=position&at=yesterday`).expect(400)).body.errors[0]).toMatchObject({ field: 'at' });
    expect((await t.api.get(`/api/v1/audit/incidents/${id}?basis=mood`).expect(400)).body.errors[0]).toMatchObject({ field: 'basis' });
    expect((await t.api.get(`/api/v1/audit/incidents/${id}?at=2026-13-01T00:00:00Z`).expect(400)).body.errors[0]).toMatchObject({ field: 'at' });
  });
});
