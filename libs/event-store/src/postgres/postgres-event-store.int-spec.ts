import { freshPostgresSchema, terminateConnections, TEST_POSTGRES_URL } from '@app/testing';
import { Client } from 'pg';
import { eventStoreContract, ev } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

// These suites need a PostgreSQL server: CI provides one (TEST_POSTGRES_URL, see .ci/run);
// without it they are skipped, and say so in the test name.
const maybe = TEST_POSTGRES_URL ? describe : describe.skip;

maybe('postgres (TEST_POSTGRES_URL)', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
  });

  eventStoreContract('postgres', {
    async open(now) {
      const { url, drop } = await freshPostgresSchema();
      drops.push(drop);
      return { store: await PostgresEventStore.open(url, { now, pollMs: 50 }), url };
    },
    dropConnections: async () => {
      await terminateConnections();
    },
  });

  it('never lets a reader skip a commit that was still in flight', async () => {
    const { url, drop } = await freshPostgresSchema();
    drops.push(drop);
    const store = await PostgresEventStore.open(url);
    await store.append('s', [ev()], 'no_stream');
    // Open a transaction that inserts a row and holds it uncommitted (as a slow append would).
    const slow = new Client({ connectionString: url });
    await slow.connect();
    await slow.query('BEGIN');
    await slow.query(
      `INSERT INTO vigie_events (stream_id, revision, event_id, type, schema_version, data, actor, correlation_id, occurred_at, recorded_at, hash)
       VALUES ('slow', 0, gen_random_uuid(), 'Slow', 1, '{}', 'a', 'c', now(), now(), 'not-checked-here')`,
    );
    const other = store.append('fast', [ev()], 'no_stream'); // commits while "slow" is in flight
    await other;
    const during = await store.readAll();
    // The fast commit is newer than the in-flight transaction: it is held back, not skipped past.
    expect(during.events.map((e) => e.streamId)).toEqual(['s']);
    await slow.query('COMMIT');
    await slow.end();
    const after = await store.readAll({ after: during.nextAfter });
    expect(after.events.map((e) => e.streamId).sort()).toEqual(['fast', 'slow']);
    await store.close();
  });
});
