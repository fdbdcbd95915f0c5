import { EVENT_STORE, EventStore } from '@app/event-store';
import { freshPostgresSchema, TEST_POSTGRES_URL } from '@app/testing';
import { registerOrganization, startTestApp, TestApp } from './support/app';
import { incidentRequest } from './support/requests';

const QUIET = { PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false', REMINDERS_ENABLED: 'false', RATE_LIMIT_PER_MINUTE: '1000000' };

describe('concurrency: 1,000 conflicting commands on one incident (embedded store)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(QUIET);
  });
  afterAll(() => t.close());
  conflictStorm(() => t);
});

// Needs a PostgreSQL server (TEST_POSTGRES_URL, set by .ci/run); skipped without one.
(TEST_POSTGRES_URL ? describe : describe.skip)('concurrency: 1,000 conflicting commands on one incident (PostgreSQL store and read models)', () => {
  let t: TestApp;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const schema = await freshPostgresSchema(TEST_POSTGRES_URL!);
    drop = schema.drop;
    t = await startTestApp({ ...QUIET, EVENT_STORE_URL: schema.url, READ_MODEL_URL: schema.url });
  }, 30_000);
  afterAll(async () => {
    await t?.close();
    await drop?.();
  });
  conflictStorm(() => t);
});

/**
 * 1,000 concurrent conflicting commands on one aggregate: no lost update, the losers get
 * 409, their retries succeed. On the embedded store, where one process's group commit
 * orders the appends, and on PostgreSQL, where they race in concurrent transactions over
 * a pool of connections. `app` is read when the test runs (the caller's beforeAll starts it).
 */
function conflictStorm(app: () => TestApp): void {
  it('exactly one wins at a revision, 999 get 409 and nothing else, and every retry lands', async () => {
    const t = app();
    const org = await registerOrganization(t);
    const id = (await t.api.post('/api/v1/incidents').send(incidentRequest(org)).expect(201)).body.id;
    const body = (i: number) => ({ measure: 'other', description: `mesure ${i}`, takenAt: '2026-11-20T12:00:00-05:00' });
    const storm = await Promise.all(Array.from({ length: 1000 }, (_, i) => t.api.post(`/api/v1/incidents/${id}/mitigations`).set('If-Match', '"0"').send(body(i))));
    const statuses = storm.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(999);
    for (const r of storm.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ code: 'CONCURRENCY_CONFLICT', expectedRevision: 0 });

    // The losers retry at the revision their 409 reported, four at a time (so they still contend).
    const losers = storm.map((r, i) => ({ r, i })).filter((x) => x.r.status === 409);
    let attempts = 0;
    const retry = async ({ r: first, i }: { r: (typeof storm)[number]; i: number }) => {
      let revision = first.body.actualRevision as number;
      for (;;) {
        attempts++;
        const r = await t.api.post(`/api/v1/incidents/${id}/mitigations`).set('If-Match', `"${revision}"`).send(body(i));
        if (r.status === 201) return;
        expect(r.status).toBe(409);
        revision = r.body.actualRevision;
      }
    };
    for (let k = 0; k < losers.length; k += 4) await Promise.all(losers.slice(k, k + 4).map(retry));
    expect(attempts).toBeGreaterThanOrEqual(999);

    const events = await (t.app.get(EVENT_STORE) as EventStore).readStream(`incident-${id}`);
    const mitigations = events.filter((e) => e.type === 'MitigationMeasureTaken').map((e) => (e.data as { description: string }).description);
    expect(mitigations).toHaveLength(1000);
    expect(new Set(mitigations).size).toBe(1000); // every one of the 1,000 commands landed exactly once
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
  }, 300_000);
}
