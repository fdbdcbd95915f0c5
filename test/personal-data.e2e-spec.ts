import { chmodSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { READ_MODEL_DB, ReadModelDb } from '@app/projections';
import { registerOrganization, startTestApp, TestApp } from './support/app';
import { incidentRequest } from './support/requests';

const incident = (organizationId: string) => incidentRequest(organizationId, {
  title: 'Liste de membres exposée',
  description: 'd',
  origin: { type: 'third_party_vendor' },
  personalInformation: { categories: ['name', 'email'] },
  persons: { count: 2, approximate: false, inQuebec: 2 },
  systems: { affected: [], servicesDown: false },
});

describe('personal data of affected persons: a key per person, and forgetting', () => {
  let t: TestApp;
  let id: string;
  beforeEach(async () => {
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false' });
    const org = await registerOrganization(t);
    id = (await t.api.post('/api/v1/incidents').send(incident(org)).expect(201)).body.id;
  });
  afterEach(() => t.close());

  it('stores only ciphertext; reads back decrypted; "forget" makes one person unreadable and the log still verifies', async () => {
    const recorded = (
      await t.api
        .post(`/api/v1/incidents/${id}/affected-persons`)
        .send({ persons: [{ name: 'Jeanne Tremblay', email: 'jeanne@example.org' }, { name: 'Luc Gagnon', phone: '514-555-0199' }] })
        .expect(201)
    ).body;
    expect(recorded.personIds).toHaveLength(2);
    const store = t.app.get(EVENT_STORE) as EventStore;
    const stored = JSON.stringify(await store.readStream(`incident-${id}`));
    expect(stored).not.toContain('Jeanne');
    expect(stored).not.toContain('jeanne@example.org');
    const before = (await t.api.get(`/api/v1/incidents/${id}/affected-persons`).expect(200)).body.items;
    expect(before.map((p: { contact: { name: string } }) => p.contact.name)).toEqual(['Jeanne Tremblay', 'Luc Gagnon']);

    await t.api.post(`/api/v1/incidents/${id}/affected-persons/${recorded.personIds[0]}/forget`).send({ reason: 'Demande de la personne' }).expect(201);
    const after = (await t.api.get(`/api/v1/incidents/${id}/affected-persons`).expect(200)).body.items;
    expect(after[0]).toMatchObject({ personId: recorded.personIds[0], forgotten: true, contact: null, forgottenAt: expect.any(String) });
    expect(after[1].contact).toEqual({ name: 'Luc Gagnon', phone: '514-555-0199' });
    expect((await t.api.get('/api/v1/audit/verify').expect(200)).body).toMatchObject({ ok: true });
    const again = await t.api.post(`/api/v1/incidents/${id}/affected-persons/${recorded.personIds[0]}/forget`).send({ reason: 'encore' }).expect(422);
    expect(again.body.code).toBe('PERSON_ALREADY_FORGOTTEN');
  });

  it('the incident and its audit view count the persons; their contacts come a page at a time, in the order recorded', async () => {
    const names = Array.from({ length: 5 }, (_, i) => `Personne ${i}`);
    const { personIds } = (await t.api.post(`/api/v1/incidents/${id}/affected-persons`).send({ persons: names.map((name) => ({ name })) }).expect(201)).body;
    const forgot = (await t.api.post(`/api/v1/incidents/${id}/affected-persons/${personIds[1]}/forget`).send({ reason: 'Demande de la personne' }).expect(201)).body;
    const incident = (await t.api.get(`/api/v1/incidents/${id}`).expect(200)).body;
    expect(incident.affectedPersons).toEqual({ recorded: 5, forgotten: 1 });
    const audit = (await t.api.get(`/api/v1/audit/incidents/${id}?basis=recorded&at=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`).expect(200)).body;
    expect(audit.state.affectedPersons).toEqual({ recorded: 5, forgotten: 1 });
    expect(JSON.stringify([incident, audit])).not.toMatch(/ciphertext/);
    // The read models keep each person's id and whether it was forgotten, not its ciphertext.
    await t.api.get(`/api/v1/incidents?minPosition=${forgot.position}`).expect(200);
    const stored = await (t.app.get(READ_MODEL_DB) as ReadModelDb).all<{ doc: string }>("SELECT doc FROM read_model_docs WHERE projection = 'incidents' AND key = ?", [id]);
    const persons = (JSON.parse(stored[0].doc) as { affectedPersons: { personId: string; ciphertext: string; forgottenAt: string | null }[] }).affectedPersons;
    expect(persons.map((p) => [p.personId, p.ciphertext, p.forgottenAt !== null])).toEqual(personIds.map((personId: string, i: number) => [personId, '', i === 1]));

    const pages: { personId: string; contact: { name: string } | null }[][] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { recorded: number; forgotten: number; items: { personId: string; contact: { name: string } | null }[]; nextCursor: string | null } = (
        await t.api.get(`/api/v1/incidents/${id}/affected-persons?limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200)
      ).body;
      expect(page).toMatchObject({ recorded: 5, forgotten: 1 });
      pages.push(page.items);
      cursor = page.nextCursor;
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((p) => p.personId)).toEqual(personIds);
    expect(pages.flat().map((p) => p.contact?.name ?? null)).toEqual([names[0], null, ...names.slice(2)]);
    expect((await t.api.get(`/api/v1/incidents/${id}/affected-persons`).expect(200)).body.items).toHaveLength(5); // 100 by default

    for (const [query, field] of [['limit=0', 'limit'], ['limit=501', 'limit'], ['cursor=abc', 'cursor']]) {
      const r = await t.api.get(`/api/v1/incidents/${id}/affected-persons?${query}`).expect(400);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
  });

  it('GraphQL’s incidentAffectedPersons answers what REST answers, a page at a time, for the organization’s staff only', async () => {
    const { personIds } = (await t.api.post(`/api/v1/incidents/${id}/affected-persons`).send({ persons: [{ name: 'Jeanne Tremblay', email: 'jeanne@example.org' }, { name: 'Luc Gagnon' }, { name: 'Marie Roy', phone: '418-555-0100' }] }).expect(201)).body;
    await t.api.post(`/api/v1/incidents/${id}/affected-persons/${personIds[1]}/forget`).send({ reason: 'Demande de la personne' }).expect(201);
    const org = (await t.api.get(`/api/v1/incidents/${id}`).expect(200)).body.organization.id as string;
    const query = 'query($id: ID!, $cursor: String) { incidentAffectedPersons(id: $id, limit: 2, cursor: $cursor) { recorded forgotten nextCursor items { personId forgotten forgottenAt contact { name email phone postalAddress } } } }';
    const ask = async (token: string, cursor: string | null = null) => (await t.api.post('/graphql').set('Authorization', `Bearer ${token}`).send({ query, variables: { id, cursor } }).expect(200)).body;
    const officer = await t.token({ role: 'compliance_officer', orgs: [org], sub: 'user:officer' });
    const answered = await ask(officer);
    expect(answered.errors).toBeUndefined();
    const first = answered.data.incidentAffectedPersons;
    const second = (await ask(officer, first.nextCursor)).data.incidentAffectedPersons;
    expect([first.recorded, first.forgotten, second.nextCursor]).toEqual([3, 1, null]);
    const rest = (await t.api.get(`/api/v1/incidents/${id}/affected-persons`).expect(200)).body.items as { contact: Record<string, string> | null }[];
    // GraphQL names every field it was asked for; REST leaves out the ones a person has not.
    const withNulls = (c: Record<string, string> | null) => c && { name: c.name, email: c.email ?? null, phone: c.phone ?? null, postalAddress: c.postalAddress ?? null };
    expect([...first.items, ...second.items]).toEqual(rest.map((p) => ({ ...p, contact: withNulls(p.contact) })));
    expect(first.items.map((p: { contact: { name: string } | null }) => p.contact?.name ?? null)).toEqual(['Jeanne Tremblay', null]);
    const stranger = await ask(await t.token({ role: 'compliance_officer', orgs: ['01a23c20-0cad-778f-8cbf-de4c19b90532'], sub: 'user:elsewhere' }));
    expect(stranger.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(stranger.data).toBeNull();
  });

  it('bad input names the field and writes nothing', async () => {
    const r = await t.api.post(`/api/v1/incidents/${id}/affected-persons`).send({ persons: [{ name: '', email: 'not-an-email' }] }).expect(400);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['persons[0].email', 'persons[0].name']);
    await t.api.post(`/api/v1/incidents/${id}/affected-persons/not-a-uuid/forget`).send({ reason: 'x' }).expect(400);
    expect((await (t.app.get(EVENT_STORE) as EventStore).readStream(`incident-${id}`)).length).toBe(1);
  });
});

describe('affected persons beyond what one write may hold', () => {
  it('a body within an operator’s larger BODY_LIMIT that would record more than 1 MB is a 413 that says what to do; nothing written, no key left', async () => {
    const t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false', REMINDERS_ENABLED: 'false', BODY_LIMIT: '4mb' }); // no background writer: the log's head must not move
    try {
      const org = await registerOrganization(t);
      const id = (await t.api.post('/api/v1/incidents').send(incident(org)).expect(201)).body.id;
      const store = t.app.get(EVENT_STORE) as EventStore;
      const head = await store.headPosition();
      const persons = Array.from({ length: 5000 }, (_, i) => ({ name: `Personne ${i}`, postalAddress: `${i} rue Principale, Montréal (Québec) `.padEnd(300, '·') }));
      const r = await t.api.post(`/api/v1/incidents/${id}/affected-persons`).set('Accept-Language', 'fr').send({ persons }).expect(413);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(r.body).toMatchObject({ code: 'RECORD_TOO_LARGE', detail: expect.stringMatching(/plus petites parties/) });
      expect(await store.headPosition()).toBe(head);
      expect((await t.api.get(`/api/v1/incidents/${id}/affected-persons`).expect(200)).body.items).toEqual([]);
      const keys = await (t.app.get(READ_MODEL_DB) as ReadModelDb).all<{ n: number }>('SELECT COUNT(*) AS n FROM person_keys');
      expect(Number(keys[0].n)).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe('the data directory, on a machine shared with other accounts', () => {
  it('keeps the log, the read models (which hold the persons’ keys) and the signing keys readable by their owner alone', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'vigie-perms-')), 'data');
    const t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false' }, undefined, dataDir);
    try {
      const org = await registerOrganization(t);
      const id = (await t.api.post('/api/v1/incidents').send(incident(org)).expect(201)).body.id;
      await t.api.post(`/api/v1/incidents/${id}/affected-persons`).send({ persons: [{ name: 'Jeanne Tremblay' }] }).expect(201);
      const files = readdirSync(dataDir, { recursive: true, encoding: 'utf8' }).map((f) => join(dataDir, f));
      expect(files).toEqual(expect.arrayContaining([join(dataDir, 'vigie.db'), join(dataDir, 'vigie.db-wal'), join(dataDir, 'read-models.db'), join(dataDir, 'read-models.db-wal')]));
      const opened = [dataDir, ...files].filter((f) => (statSync(f).mode & 0o077) !== 0).map((f) => `${f} ${(statSync(f).mode & 0o777).toString(8)}`);
      expect(opened).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('brings the files of a store made before to owner-only, at the next start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigie-perms-'));
    const first = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false' }, undefined, dataDir);
    await registerOrganization(first);
    await first.close();
    const dbs = readdirSync(dataDir).filter((f) => f.includes('.db')).map((f) => join(dataDir, f));
    for (const f of dbs) chmodSync(f, 0o644);
    const t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false' }, undefined, dataDir);
    try {
      expect(dbs.map((f) => `${f} ${(statSync(f).mode & 0o777).toString(8)}`)).toEqual(dbs.map((f) => `${f} 600`));
    } finally {
      await t.close();
    }
  });
});
