import { createEventStore, EventStore } from '@app/event-store';
import { openReadModelDb, ReadModelDb } from '@app/projections';
import { freshPostgresSchema, TEST_POSTGRES_URL } from '@app/testing';
import { createServer, connect, Server, Socket } from 'node:net';
import { registerOrganization, startTestApp, TestApp } from './support/app';
import { incidentRequest } from './support/requests';

/**
 * PostgreSQL goes away under the running service (a restart, a failover, a network cut),
 * then comes back. The service is reached through a TCP proxy the test cuts and restores.
 * During the outage every request is a 503 problem with Retry-After, in the caller's
 * language, never a 500, and nothing is half-written; after it, the same request succeeds.
 */
class Cuttable {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    if (this.server?.listening) return;
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => this.sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
      upstream.on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    if (!this.server?.listening) return;
    const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

// Needs a PostgreSQL server (TEST_POSTGRES_URL, set by .ci/run); skipped without one.
(TEST_POSTGRES_URL ? describe : describe.skip)('PostgreSQL outage under the running service', () => {
  let t: TestApp;
  let proxy: Cuttable;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const base = new URL(TEST_POSTGRES_URL!);
    proxy = new Cuttable({ host: base.hostname, port: Number(base.port || 5432) });
    await proxy.open();
    base.host = `127.0.0.1:${proxy.port}`;
    const schema = await freshPostgresSchema(TEST_POSTGRES_URL!);
    drop = schema.drop;
    const url = new URL(schema.url);
    url.host = base.host;
    t = await startTestApp({ EVENT_STORE_URL: url.toString(), READ_MODEL_URL: url.toString(), PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false', REMINDERS_ENABLED: 'false' });
  }, 30_000);

  afterAll(async () => {
    await t?.close();
    await proxy?.cut();
    await drop?.();
  });

  it('answers 503 STORE_UNAVAILABLE with Retry-After while the database is gone, then works again', async () => {
    const org = await registerOrganization(t);
    await proxy.cut();

    const during = await t.api.post('/api/v1/incidents').set('Accept-Language', 'fr').send(incidentRequest(org));
    expect({ status: during.status, type: during.headers['content-type'], code: during.body.code, retryAfter: during.headers['retry-after'] }).toEqual({
      status: 503,
      type: expect.stringMatching(/problem\+json/),
      code: 'STORE_UNAVAILABLE',
      retryAfter: '1',
    });
    expect(during.body.detail).toContain('réessayez');
    const read = await t.api.get(`/api/v1/organizations/${org}`);
    expect({ status: read.status, code: read.body.code }).toEqual({ status: 503, code: 'STORE_UNAVAILABLE' });
    const health = await t.api.get('/health');
    // The 503 says which indicators are down (here the store and the read models, on the same server), as the 200 says each is up.
    expect({ status: health.status, eventStore: health.body.error?.eventStore?.status, projections: health.body.error?.projections?.status, lifecycle: health.body.info?.lifecycle }).toEqual({
      status: 503,
      eventStore: 'down',
      projections: 'down',
      lifecycle: { status: 'up', state: 'serving' },
    });

    await proxy.open();
    expect((await t.api.get('/health')).status).toBe(200);
    const after = await t.api.post('/api/v1/incidents').send(incidentRequest(org));
    expect(after.status).toBe(201);
    // The refused declaration left nothing behind: the organization, then the one incident declared after the outage.
    const log = (await t.api.get('/api/v1/audit/events').expect(200)).body.events.map((e: { type: string }) => e.type);
    expect(log).toEqual(['OrganizationRegistered', 'IncidentDeclared']);
  }, 30_000);

  it('a cut while a connection is held between two statements of a transaction fails that work, not the process; the pools then recover', async () => {
    const schema = await freshPostgresSchema(TEST_POSTGRES_URL!);
    const url = new URL(schema.url);
    url.host = `127.0.0.1:${proxy.port}`;
    let db: ReadModelDb | undefined;
    let store: EventStore | undefined;
    try {
      db = await openReadModelDb(url.toString(), '/nonexistent');
      store = await createEventStore(url.toString());
      // A read-model transaction holds its connection, idle, between two statements (a projection batch does, while it folds).
      let entered!: () => void;
      let resume!: () => void;
      const inside = new Promise<void>((r) => (entered = r));
      const held = new Promise<void>((r) => (resume = r));
      const work = db.transaction(async (tx) => {
        await tx.all('SELECT 1 AS one');
        entered();
        await held;
        await tx.all('SELECT 1 AS one');
      });
      const outcome = work.then(() => 'committed', (e: Error) => e.message);
      await inside;
      await proxy.cut();
      await new Promise((r) => setTimeout(r, 300)); // the held connection learns it is gone while no statement runs on it
      resume();
      expect(await outcome).not.toBe('committed');

      await proxy.open();
      expect(await db.all<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect(await store.append('s-after-cut', [{ id: '01a23730-0000-7000-8000-000000000001', type: 'T', data: {}, metadata: { actor: 'test', correlationId: 'c', occurredAt: '2026-11-22T15:00:00Z' } }], 'no_stream')).toMatchObject({ nextExpectedRevision: 0 });
    } finally {
      await proxy.open();
      await db?.close();
      await store?.close();
      await schema.drop();
    }
  }, 30_000);
});
