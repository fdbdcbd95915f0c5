import { EVENT_STORE, EventStore } from '@app/event-store';
import { registerOrganization, startTestApp, TestApp } from './support/app';

const body = (organizationId: string) => ({
  organizationId,
  kind: 'confidentiality',
  title: 'Courriel mal adressé',
  description: 'Une liste de membres envoyée au mauvais destinataire',
  origin: { type: 'human_error' },
  occurred: { from: '2026-11-20T10:00:00-05:00', approximate: false },
  awareAt: '2026-11-20T11:00:00-05:00',
  personalInformation: { categories: ['name', 'email'] },
  persons: { count: 40, approximate: false, inQuebec: 40 },
  systems: { affected: ['email'], servicesDown: false },
});

describe('incidents over REST', () => {
  let t: TestApp;
  let orgId: string;
  let store: EventStore;
  beforeEach(async () => {
    t = await startTestApp();
    orgId = await registerOrganization(t);
    store = t.app.get(EVENT_STORE);
  });
  afterEach(() => t.close());

  const appended = async () => (await store.readAll({ streamPrefix: 'incident-' })).events.length;

  it('answers a command with the revision and position it wrote, and documents the routes in OpenAPI', async () => {
    const r = await t.api.post('/api/v1/incidents').send(body(orgId)).expect(201);
    expect(r.body).toEqual({ id: expect.any(String), revision: 0, position: 2 });
    const doc = (await t.api.get('/openapi.json')).body;
    for (const p of ['/api/v1/incidents', '/api/v1/incidents/{id}', '/api/v1/incidents/{id}/risk-assessments', '/api/v1/incidents/{id}/notifications', '/api/v1/incidents/{id}/mitigations', '/api/v1/incidents/{id}/closure', '/api/v1/incidents/{id}/obligations/{obligationId}/waiver']) {
      expect(doc.paths).toHaveProperty([p]);
    }
  });

  describe('bad input: 400 or 422 naming the field or rule, nothing appended', () => {
    const cases: [string, (o: string) => object, number, string][] = [
      ['an impossible date', (o) => ({ ...body(o), awareAt: '2026-02-30T10:00:00-05:00' }), 400, 'awareAt'],
      ['a date without a time zone', (o) => ({ ...body(o), awareAt: '2026-11-20T11:00:00' }), 400, 'awareAt'],
      ['a period ending before it starts', (o) => ({ ...body(o), occurred: { from: '2026-11-20T10:00:00-05:00', to: '2026-11-19T10:00:00-05:00', approximate: false } }), 400, 'occurred.to'],
      ['a negative count', (o) => ({ ...body(o), persons: { count: -5, approximate: false } }), 400, 'persons.count'],
      ['an unknown kind', (o) => ({ ...body(o), kind: 'earthquake' }), 400, 'kind'],
      ['an unknown field', (o) => ({ ...body(o), severity: 'high' }), 400, 'severity'],
      ['an unregistered organization', () => body('0b0c2a44-6d5e-4c2f-8f7a-1a2b3c4d5e6f'), 422, 'organizationId'],
    ];
    it.each(cases)('%s', async (_l, make, status, field) => {
      const r = await t.api.post('/api/v1/incidents').send(make(orgId)).expect(status);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await appended()).toBe(0);
    });

    it('an unknown recipient is refused, in French when asked', async () => {
      const id = (await t.api.post('/api/v1/incidents').send(body(orgId)).expect(201)).body.id;
      const r = await t.api
        .post(`/api/v1/incidents/${id}/notifications`)
        .set('Accept-Language', 'fr-CA')
        .send({ recipient: 'journalists', channel: 'email', sentAt: '2026-11-21T10:00:00-05:00', summary: 'x' })
        .expect(400);
      expect(r.body.errors).toEqual([expect.objectContaining({ field: 'recipient', rule: 'isIn', message: expect.stringMatching(/^recipient : doit être l’une des valeurs permises : CAI, AMF, OPC, .*credit_bureaus, other$/) })]);
      expect(await appended()).toBe(1);
    });

    it('a notification for an incident that does not exist is a 404', async () => {
      const r = await t.api
        .post('/api/v1/incidents/0b0c2a44-6d5e-4c2f-8f7a-1a2b3c4d5e6f/notifications')
        .send({ recipient: 'CAI', channel: 'portal', sentAt: '2026-11-21T10:00:00-05:00', summary: 'x' })
        .expect(404);
      expect(r.body.code).toBe('INCIDENT_NOT_FOUND');
      expect(await appended()).toBe(0);
    });

    it('closing with open obligations is a 422 that names them', async () => {
      const id = (await t.api.post('/api/v1/incidents').send(body(orgId)).expect(201)).body.id;
      const r = await t.api.post(`/api/v1/incidents/${id}/closure`).send({ closedAt: '2026-11-22T09:00:00-05:00', summary: 'fini' }).expect(422);
      expect(r.body.code).toBe('OPEN_OBLIGATIONS');
      expect(r.body.detail).toContain('qc.assess-risk');
      expect(await appended()).toBe(1);
    });
  });

  it('a stale If-Match is a 409 and writes nothing; the current revision succeeds', async () => {
    const id = (await t.api.post('/api/v1/incidents').send(body(orgId)).expect(201)).body.id;
    const mitigation = { measure: 'access_revoked', description: 'Rappel du courriel', takenAt: '2026-11-20T12:00:00-05:00' };
    await t.api.post(`/api/v1/incidents/${id}/mitigations`).set('If-Match', '"0"').send(mitigation).expect(201);
    const stale = await t.api.post(`/api/v1/incidents/${id}/mitigations`).set('If-Match', '"0"').send(mitigation).expect(409);
    expect(stale.body).toMatchObject({ code: 'CONCURRENCY_CONFLICT', expectedRevision: 0, actualRevision: 1 });
    await t.api.post(`/api/v1/incidents/${id}/mitigations`).set('If-Match', '1').send(mitigation).expect(201);
    expect(await appended()).toBe(3);
    // "*" is any current version (RFC 9110); a list or an entity tag that is not a revision is refused, naming the header.
    await t.api.post(`/api/v1/incidents/${id}/mitigations`).set('If-Match', '*').send(mitigation).expect(201);
    for (const odd of ['"0", "1"', '"a"']) {
      const r = await t.api.post(`/api/v1/incidents/${id}/mitigations`).set('If-Match', odd).send(mitigation).expect(400);
      expect(r.body.errors).toEqual([expect.objectContaining({ field: 'If-Match', rule: 'revision' })]);
    }
    expect(await appended()).toBe(4);
  });

  it('If-Match on a record that does not exist is a 404 naming it, not a conflict', async () => {
    const missing = '7d3f0b8e-2c1a-4f5e-9b6d-0a1b2c3d4e5f';
    const r = await t.api.post(`/api/v1/incidents/${missing}/closure`).set('If-Match', '"0"').send({ closedAt: '2026-11-21T10:00:00-05:00', summary: 'Clos' }).expect(404);
    expect(r.body.code).toBe('INCIDENT_NOT_FOUND');
    const o = await t.api.post(`/api/v1/orders/${missing}/payments`).set('If-Match', '"3"').send({ amountCents: 100, currency: 'CAD', paidAt: '2026-11-21T10:00:00-05:00', reference: 'x' }).expect(404);
    expect(o.body.code).toBe('ORDER_NOT_FOUND');
    const p = await t.api.put(`/api/v1/organizations/${missing}/profile`).set('If-Match', '"0"').send({ name: 'x', sectors: ['insurer'], jurisdictions: ['QC'], privacyOfficer: { name: 'p', email: 'p@x.ca' }, reason: 'r' });
    expect(p.status).toBe(404);
  });

  it('concurrent writers on one incident never lose an update', async () => {
    const id = (await t.api.post('/api/v1/incidents').send(body(orgId)).expect(201)).body.id;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.api.post(`/api/v1/incidents/${id}/mitigations`).set('If-Match', '"0"').send({ measure: 'other', description: `m${i}`, takenAt: '2026-11-20T12:00:00-05:00' }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    expect(await appended()).toBe(2);
  });

  it('amendments keep earlier versions in history and recompute obligations', async () => {
    const id = (await t.api.post('/api/v1/incidents').send(body(orgId)).expect(201)).body.id;
    await t.api.post(`/api/v1/incidents/${id}/amendments`).send({ reason: 'Liste complète reçue', persons: { count: 55, approximate: false, inQuebec: 50, inEU: 5 } }).expect(201);
    const view = (await t.api.get(`/api/v1/incidents/${id}`).expect(200)).body;
    expect(view.facts.persons.count).toBe(55);
    expect(view.amendments).toEqual([expect.objectContaining({ reason: 'Liste complète reçue', fields: ['persons'] })]);
    expect(view.obligations.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining(['gdpr.notify-authority']));
    const first = (await store.readStream(`incident-${id}`))[0];
    expect((first.data as { facts: { persons: { count: number } } }).facts.persons.count).toBe(40);
  });
});
