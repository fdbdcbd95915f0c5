import { EVENT_STORE, SqliteEventStore } from '@app/event-store';
import { registerOrganization, startTestApp, TestApp } from './support/app';
import { incidentRequest } from './support/requests';

/**
 * The embedded store's disk fills up, or its file stops accepting writes (a file system
 * remounted read-only after errors). The service keeps answering: every write is a 503
 * problem that says what happened and what to do, in the caller's language, asks for a
 * retry in a minute, writes nothing; reads go on; once the store can write again, the same
 * request succeeds. SQLite's own errors are produced here: a page limit the size the file
 * has (`max_page_count`: the next page it needs fails as a full disk does, SQLITE_FULL),
 * and a connection that refuses writes (`query_only`: SQLITE_READONLY).
 */
describe('storage faults on the embedded store', () => {
  let t: TestApp;
  let store: SqliteEventStore;
  let org: string;

  beforeAll(async () => {
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false', REMINDERS_ENABLED: 'false' });
    store = t.app.get(EVENT_STORE);
    org = await registerOrganization(t);
  }, 30_000);
  afterAll(() => t.close());

  const log = async () => (await t.api.get('/api/v1/audit/events?limit=5000').expect(200)).body.events.map((e: { type: string }) => e.type) as string[];
  // Ten thousand characters: the event needs pages the file does not have yet.
  const large = () => incidentRequest(org, { description: 'x'.repeat(10_000) });
  const DECLARE = 'mutation Declare($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }';

  it('a full disk: 503 STORE_FULL with Retry-After, in French when asked, over REST and GraphQL; nothing written, reads go on; then the same request succeeds', async () => {
    const before = await log();
    const db = store.database;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    try {
      const fr = await t.api.post('/api/v1/incidents').set('Accept-Language', 'fr').send(large());
      expect({ status: fr.status, type: fr.headers['content-type'], code: fr.body.code, retryAfter: fr.headers['retry-after'] }).toEqual({
        status: 503,
        type: expect.stringMatching(/problem\+json/),
        code: 'STORE_FULL',
        retryAfter: '60',
      });
      expect(fr.body.detail).toMatch(/disque.*plein.*rien n’a été écrit/);
      const en = await t.api.post('/api/v1/incidents').send(large());
      expect({ status: en.status, code: en.body.code }).toEqual({ status: 503, code: 'STORE_FULL' });
      expect(en.body.detail).toMatch(/disk is full: nothing was written/);

      const gql = await t.api.post('/graphql').set('Accept-Language', 'fr').send({ query: DECLARE, variables: { input: large() } });
      expect(gql.body.data?.declareIncident ?? null).toBeNull();
      expect(gql.body.errors[0].extensions).toMatchObject({ code: 'STORE_FULL', status: 503 });
      expect(gql.body.errors[0].message).toMatch(/plein/);

      await t.api.get(`/api/v1/organizations/${org}`).expect(200);
      expect(await log()).toEqual(before);
    } finally {
      db.pragma('max_page_count = 1073741823');
    }
    await t.api.post('/api/v1/incidents').send(large()).expect(201);
    expect(await log()).toEqual([...before, 'IncidentDeclared']);
  });

  it('a store that accepts no writes: 503 STORE_READ_ONLY; nothing written, reads go on; then the same request succeeds', async () => {
    const before = await log();
    const db = store.database;
    db.pragma('query_only = ON');
    try {
      const r = await t.api.post('/api/v1/incidents').set('Accept-Language', 'fr').send(incidentRequest(org));
      expect({ status: r.status, code: r.body.code, retryAfter: r.headers['retry-after'] }).toEqual({ status: 503, code: 'STORE_READ_ONLY', retryAfter: '60' });
      expect(r.body.detail).toMatch(/lecture seule.*rien n’a été écrit/);
      await t.api.get(`/api/v1/organizations/${org}`).expect(200);
    } finally {
      db.pragma('query_only = OFF');
    }
    expect(await log()).toEqual(before);
    await t.api.post('/api/v1/incidents').send(incidentRequest(org)).expect(201);
    expect(await log()).toEqual([...before, 'IncidentDeclared']);
  });
});
