import { randomUUID } from 'node:crypto';
import { EVENT_STORE } from '@app/event-store';
import { AddressInfo, connect } from 'node:net';
import { startTestApp, TestApp } from './support/app';
import { incidentRequest } from './support/requests';

const body = {
  name: 'Ordre des ingénieurs du Québec',
  quebecBusinessNumber: '1234567890',
  sectors: ['professional_order'],
  jurisdictions: ['QC'],
  privacyOfficer: { name: 'Marie Tremblay', email: 'prp@example.org' },
};

describe('organizations: the vertical slice through the CommandBus and the event store', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(() => t.close());

  it('registers an organization and reads it back', async () => {
    const created = await t.api.post('/api/v1/organizations').set('X-Correlation-Id', 'req-42').send(body).expect(201);
    expect(created.body).toEqual({ id: expect.any(String), revision: 0, position: 1 });
    expect(created.headers.location).toBe(`/api/v1/organizations/${created.body.id}`);
    expect(created.headers['x-correlation-id']).toBe('req-42');
    const got = await t.api.get(created.headers.location).expect(200);
    expect(got.body).toEqual({ id: created.body.id, ...body, registeredAt: '2026-11-22T15:00:00.000Z', reminders: { enabled: true, dueSoonAtPercent: 80, onDueSoon: true, onOverdue: true, onPenaltyDay: true }, revision: 0 });
  });

  it('records the correlation id and business time in the event metadata', async () => {
    await t.api.post('/api/v1/organizations').set('X-Correlation-Id', 'req-43').send(body).expect(201);
    const page = await t.app.get(EVENT_STORE).readAll();
    expect(page.events).toHaveLength(1);
    expect(page.events[0]).toMatchObject({
      type: 'OrganizationRegistered',
      metadata: { correlationId: 'req-43', actor: 'user:test-admin', occurredAt: '2026-11-22T15:00:00.000Z', recordedAt: '2026-11-22T15:00:00.000Z' },
    });
  });

  it('changes the profile (a new privacy officer) with a reason kept in history; If-Match guards it; new incidents see the new profile', async () => {
    const id = (await t.api.post('/api/v1/organizations').send(body).expect(201)).body.id;
    const officer = await t.token({ role: 'compliance_officer', orgs: [id] });
    const next = { ...body, privacyOfficer: { name: 'Julie Gagnon', email: 'julie.gagnon@example.org' }, reason: 'Nouvelle responsable nommée par le conseil' };
    t.clock.set('2026-11-25T14:00:00Z');
    const changed = await t.api.put(`/api/v1/organizations/${id}/profile`).set('Authorization', `Bearer ${officer}`).set('If-Match', '"0"').send(next).expect(200);
    expect(changed.body).toEqual({ id, revision: 1, position: 2 });
    const got = (await t.api.get(`/api/v1/organizations/${id}`).expect(200)).body;
    expect(got).toMatchObject({ privacyOfficer: { name: 'Julie Gagnon', email: 'julie.gagnon@example.org' }, name: body.name, registeredAt: '2026-11-22T15:00:00.000Z', revision: 1 });
    const history = (await t.api.get(`/api/v1/audit/streams/organization-${id}`).expect(200)).body.events;
    expect(history[1]).toMatchObject({ type: 'OrganizationProfileChanged', data: { changed: ['privacyOfficer'], reason: 'Nouvelle responsable nommée par le conseil' }, metadata: { occurredAt: '2026-11-25T14:00:00.000Z' } });
    // The same profile again records nothing; a stale revision is a 409; no reason is a 400 naming it.
    expect((await t.api.put(`/api/v1/organizations/${id}/profile`).send(next).expect(200)).body).toMatchObject({ revision: 1, position: null });
    expect((await t.api.put(`/api/v1/organizations/${id}/profile`).set('If-Match', '"0"').send({ ...next, name: 'OIQ' }).expect(409)).body.code).toBe('CONCURRENCY_CONFLICT');
    const { reason: _r, ...noReason } = next;
    expect((await t.api.put(`/api/v1/organizations/${id}/profile`).set('Accept-Language', 'fr').send(noReason).expect(400)).body.errors).toEqual([
      { field: 'reason', rule: 'isDefined', message: 'reason : ce champ est obligatoire' },
    ]);
    // An auditor reads, never writes; an officer of another organization is refused.
    const auditor = await t.token({ role: 'auditor', orgs: [id] });
    await t.api.put(`/api/v1/organizations/${id}/profile`).set('Authorization', `Bearer ${auditor}`).send(next).expect(403);
    const stranger = await t.token({ role: 'compliance_officer', orgs: ['6f1c1f50-5a0e-4d53-9d1e-0b6f4f3a1a11'] });
    await t.api.put(`/api/v1/organizations/${id}/profile`).set('Authorization', `Bearer ${stranger}`).send(next).expect(403);
    // A renamed organization: the next incident is declared under its new name.
    await t.api.put(`/api/v1/organizations/${id}/profile`).send({ ...next, name: 'OIQ', reason: 'Nom abrégé' }).expect(200);
    const incident = (await t.api.post('/api/v1/incidents').send(incidentRequest(id)).expect(201)).body.id;
    expect((await t.api.get(`/api/v1/incidents/${incident}`).expect(200)).body.organization).toMatchObject({ id, name: 'OIQ' });
    expect((await t.app.get(EVENT_STORE).readAll()).events).toHaveLength(4);
  });

  it('answers 404 problem+json, in French when asked, for an unknown organization', async () => {
    const r = await t.api.get('/api/v1/organizations/6f1c1f50-5a0e-4d53-9d1e-0b6f4f3a1a11').set('Accept-Language', 'fr-CA,fr;q=0.9,en;q=0.5').expect(404);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.headers['content-language']).toBe('fr');
    expect(r.body).toMatchObject({ status: 404, code: 'ORGANIZATION_NOT_FOUND', title: 'Introuvable', detail: expect.stringContaining('Aucune organisation') });
  });

  describe('bad input: a 4xx problem naming the field, nothing appended', () => {
    const cases: [string, unknown, string[], number][] = [
      ['unknown field', { ...body, admin: true }, ['admin'], 400],
      ['missing name', { ...body, name: undefined }, ['name'], 400],
      ['wrong type', { ...body, sectors: 'insurer' }, ['sectors'], 400],
      ['unknown sector', { ...body, sectors: ['bank'] }, ['sectors'], 400],
      ['no jurisdiction', { ...body, jurisdictions: [] }, ['jurisdictions'], 400],
      ['bad NEQ', { ...body, quebecBusinessNumber: '12-34' }, ['quebecBusinessNumber'], 400],
      ['nested bad email', { ...body, privacyOfficer: { name: 'x', email: 'nope' } }, ['privacyOfficer.email'], 400],
      ['nested unknown field', { ...body, privacyOfficer: { ...body.privacyOfficer, phone: '1' } }, ['privacyOfficer.phone'], 400],
    ];
    it.each(cases)('%s', async (_label, payload, fields, status) => {
      const r = await t.api.post('/api/v1/organizations').send(payload as object).expect(status);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.body.code).toBe('VALIDATION_FAILED');
      expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
        expect(await t.app.get(EVENT_STORE).headPosition()).toBe(0);
    });

    it('malformed JSON is a 400 problem, not a 500', async () => {
      const r = await t.api.post('/api/v1/organizations').set('Content-Type', 'application/json').send('{"name": "x",').expect(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.body.code).toBe('ENTITY_PARSE_FAILED');
    });

    it('an oversized body is a 413 problem', async () => {
      const r = await t.api.post('/api/v1/organizations').send({ ...body, name: 'x'.repeat(300_000) }).expect(413);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      // It says how large a body may be, and what to do.
      expect(r.body).toMatchObject({ code: 'ENTITY_TOO_LARGE', limitBytes: 256 * 1024, detail: 'The body is larger than this service accepts (256 KB, BODY_LIMIT): send less in one request (fewer persons, shorter texts). Nothing was written.' });
      const fr = await t.api.post('/api/v1/organizations').set('Accept-Language', 'fr').send({ ...body, name: 'x'.repeat(300_000) }).expect(413);
      expect(fr.body.detail).toBe('Le corps de la requête dépasse ce que ce service accepte (256\u00a0Ko, BODY_LIMIT) : envoyez-en moins par requête (moins de personnes, des textes plus courts). Rien n’a été écrit.');
    });

    it('a path the router refuses (a stray “%”, a segment past 100 characters) is a problem too, in the caller’s language', async () => {
      const bad = await t.api.get('/api/v1/incidents/%zz').expect(400);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(bad.body).toMatchObject({ status: 400, code: 'BAD_URL', detail: 'The path is not a valid URL (a “%” must start a percent-encoded byte)' });
      const long = await t.api.get(`/api/v1/audit/streams/${'x'.repeat(150)}`).set('Accept-Language', 'fr').expect(414);
      expect(long.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(long.headers['content-language']).toBe('fr');
      expect(long.body).toMatchObject({ status: 414, code: 'PATH_SEGMENT_TOO_LONG', title: 'URI trop longue', detail: 'Un segment du chemin dépasse 100 caractères : aucun identifiant de cette API n’est aussi long' });
      // The longest identifier in a path, a delivery's stream, is within the limit.
      await t.api.get(`/api/v1/audit/streams/delivery-${randomUUID()}-${randomUUID()}`).expect(404);
    });

    it('headers past the limit, and bytes that are not HTTP, are problems too, in both languages (Node refuses them before any header is read)', async () => {
      const big = await t.api.post('/api/v1/organizations').set('X-Filler', 'x'.repeat(20_000)).send(body);
      expect(big.status).toBe(431);
      expect(big.headers['content-type']).toBe('application/problem+json');
      expect(big.headers['content-language']).toBe('en, fr');
      expect(JSON.parse(big.text)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE', detail: 'The request’s headers exceed 16 KB in all / Les en-têtes de la requête dépassent 16 Ko en tout' });
      const { port } = (await t.app.listen(0, '127.0.0.1'), t.http.address() as AddressInfo);
      const raw = await new Promise<string>((resolve, reject) => {
        let answer = '';
        const socket = connect(port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
        socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
      });
      expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(raw).toContain('Content-Type: application/problem+json');
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, code: 'MALFORMED_HTTP', detail: 'The request is not well-formed HTTP / La requête n’est pas du HTTP bien formé' });
      expect(await t.app.get(EVENT_STORE).headPosition()).toBe(0);
    });

    it('a body that is not JSON is a 415 problem, in the caller’s language', async () => {
      const r = await t.api.post('/api/v1/organizations').set('Content-Type', 'text/plain').set('Accept-Language', 'fr-CA').send('name=x').expect(415);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Le corps doit être en application/json' });
      expect(await t.app.get(EVENT_STORE).headPosition()).toBe(0);
    });

    it.each([
      ['a JSON array', '[1, 2]', 'body', 'jsonObject'],
      ['a JSON string', '"x"', 'body', 'jsonObject'],
      ['nested 40 levels deep', JSON.stringify({ ...body, privacyOfficer: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) }), 'privacyOfficer.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a', 'maxDepth'],
      ['a lone surrogate in a string', JSON.stringify({ ...body, name: 'x' }).replace('"x"', '"\\ud800"'), 'name', 'wellFormedUnicode'],
      ['a NUL character in a string', JSON.stringify({ ...body, privacyOfficer: { ...body.privacyOfficer, name: 'x' } }).replace('"x"', '"a\\u0000b"'), 'privacyOfficer.name', 'noNullCharacter'],
      // Valid JSON that would poison prototypes: refused for the key it holds, not as "not JSON".
      ['holding __proto__', JSON.stringify(body).replace('"email"', '"__proto__":{"admin":true},"email"'), 'privacyOfficer.__proto__', 'forbiddenKey'],
      ['holding constructor.prototype', `{"constructor":{"prototype":{"admin":true}},${JSON.stringify(body).slice(1)}`, 'constructor', 'forbiddenKey'],
    ])('a body that is %s is a 400 naming the field and the rule, before validation', async (_, raw, field, rule) => {
      const r = await t.api.post('/api/v1/organizations').set('Content-Type', 'application/json').send(raw).expect(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.body.errors).toEqual([expect.objectContaining({ field, rule })]);
      expect(await t.app.get(EVENT_STORE).headPosition()).toBe(0);
    });

    it('an empty JSON body is no body: validation names each missing field', async () => {
      const r = await t.api.post('/api/v1/organizations').set('Content-Type', 'application/json').send('').expect(400);
      expect(r.body.code).toBe('VALIDATION_FAILED');
      expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['name', 'sectors', 'jurisdictions']));
    });

    it('a method a resource does not take is a 405 with Allow, in the caller’s language; a path that does not exist stays a 404', async () => {
      const r = await t.api.delete('/api/v1/organizations').expect(405);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.headers.allow).toBe('GET, POST');
      expect(r.body).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED', detail: 'DELETE is not allowed here; allowed: GET, POST' });
      const fr = await t.api.patch('/api/v1/organizations/7d3f0b8e-2c1a-4f5e-9b6d-0a1b2c3d4e5f/profile?lang=fr').send({}).expect(405);
      expect(fr.headers.allow).toBe('PUT');
      expect(fr.body).toMatchObject({ title: 'Méthode non permise', detail: 'PATCH n’est pas permis ici; permis : PUT' });
      const missing = await t.api.delete('/api/v1/nothing-here').expect(404);
      expect(missing.body).toMatchObject({ status: 404, code: 'HTTP_404' });
      expect(missing.headers.allow).toBeUndefined();
      expect(await t.app.get(EVENT_STORE).headPosition()).toBe(0);
    });

    it('a non-UUID id is a 400 naming the parameter', async () => {
      const r = await t.api.get('/api/v1/organizations/not-an-id').expect(400);
      expect(r.body.errors).toEqual([{ field: 'id', rule: 'isUuid', message: 'id must be a UUID' }]);
    });
  });

  it('reports the store on /health and serves the OpenAPI document', async () => {
    const h = await t.api.get('/health').expect(200);
    expect(h.body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up', backend: 'sqlite', headPosition: 0 } } });
    const doc = await t.api.get('/openapi.json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/organizations', '/api/v1/organizations/{id}', '/health']));
  });
});
