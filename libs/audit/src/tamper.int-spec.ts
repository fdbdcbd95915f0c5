import { eventHash, EventStore, GENESIS, NewEvent, SqliteEventStore } from '@app/event-store';
import { PostgresEventStore } from '../../event-store/src/postgres/postgres-event-store';
import { PostgresReadModelDb, ReadModelDb, SqliteReadModelDb } from '@app/projections';
import { freshPostgresSchema, TEST_POSTGRES_URL } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { anchorNow, verifyLog } from './verify';

const ev = (data: Record<string, unknown>): NewEvent => ({ id: randomUUID(), type: 'PersonsCounted', data, metadata: { actor: 'user:test', correlationId: 'c', occurredAt: '2020-06-18T10:00:00Z' } });

interface Backend {
  store: EventStore;
  db: ReadModelDb;
  /** Runs SQL against the store's own tables, as an intruder with database access would. */
  sql(statement: string, params?: unknown[]): Promise<void>;
  table: string;
  cleanup?: () => Promise<void>;
}

function tamperSuite(name: string, open: () => Promise<Backend>) {
  describe(`tamper evidence on ${name}`, () => {
    let b: Backend;
    beforeEach(async () => {
      b = await open();
      await b.store.append('incident-a', [ev({ persons: 1756 }), ev({ persons: 1800 })], 'no_stream');
      await b.store.append('incident-b', [ev({ persons: 3 })], 'no_stream');
      await b.store.append('incident-a', [ev({ persons: 1810 })], 1);
      await anchorNow(b.store, b.db, new Date('2026-11-22T12:00:00Z'));
    });
    afterEach(async () => {
      await b.store.close();
      await b.db.close();
      await b.cleanup?.();
    });

    it('an untouched log verifies', async () => {
      expect(await verifyLog(b.store, b.db)).toMatchObject({ ok: true, eventsChecked: 4, streams: 2, firstBrokenLink: null, anchorsChecked: 1, firstBrokenAnchor: null });
    });

    it('altered bytes in one stored row: the first broken link names that event', async () => {
      await b.sql(`UPDATE ${b.table} SET data = ${name === 'PostgreSQL' ? `'{"persons": 1}'::jsonb` : `'{"persons":1}'`} WHERE stream_id = 'incident-a' AND revision = 1`);
      const r = await verifyLog(b.store, b.db);
      expect(r.ok).toBe(false);
      expect(r.firstBrokenLink).toMatchObject({ streamId: 'incident-a', revision: 1, reason: 'hash_mismatch' });
    });

    it('altered metadata (the actor) is detected too', async () => {
      await b.sql(`UPDATE ${b.table} SET actor = 'user:someone-else' WHERE stream_id = 'incident-b' AND revision = 0`);
      expect((await verifyLog(b.store, b.db)).firstBrokenLink).toMatchObject({ streamId: 'incident-b', revision: 0, reason: 'hash_mismatch' });
    });

    it('a deleted event breaks the chain at the next one', async () => {
      await b.sql(`DELETE FROM ${b.table} WHERE stream_id = 'incident-a' AND revision = 1`);
      expect((await verifyLog(b.store, b.db)).firstBrokenLink).toMatchObject({ streamId: 'incident-a', revision: 2, reason: 'revision_gap', expected: 1, actual: 2 });
    });

    it('a stream rewritten with consistent hashes passes its chain but breaks the anchor', async () => {
      const [first] = (await b.store.readStream('incident-b'));
      const forged = { ...first, data: { persons: 0 } };
      await b.sql(`UPDATE ${b.table} SET data = ${name === 'PostgreSQL' ? `'{"persons": 0}'::jsonb` : `'{"persons":0}'`}, hash = '${eventHash(GENESIS, forged)}' WHERE stream_id = 'incident-b' AND revision = 0`);
      const r = await verifyLog(b.store, b.db);
      expect(r.firstBrokenLink).toBeNull();
      expect(r.firstBrokenAnchor).toMatchObject({ seq: 1, position: 4 });
      expect(r.ok).toBe(false);
    });

    it('anchors chain: a later anchor covers only the new events', async () => {
      await b.store.append('incident-b', [ev({ persons: 4 })], 0);
      const a2 = await anchorNow(b.store, b.db, new Date('2026-11-22T13:00:00Z'));
      expect(a2).toMatchObject({ seq: 2, position: 5, events: 1 });
      expect(await anchorNow(b.store, b.db, new Date('2026-11-22T14:00:00Z'))).toBeNull();
      expect((await verifyLog(b.store, b.db)).ok).toBe(true);
    });
  });
}

tamperSuite('SQLite', async () => {
  const store = new SqliteEventStore(':memory:');
  return { store, db: new SqliteReadModelDb(':memory:'), table: 'events', sql: async (s) => void store.database.prepare(s).run() };
});

// Needs a PostgreSQL server (TEST_POSTGRES_URL, set by .ci/run); skipped without one.
(TEST_POSTGRES_URL ? describe : describe.skip)('with PostgreSQL', () => {
  tamperSuite('PostgreSQL', async () => {
    const { url, drop } = await freshPostgresSchema();
    const store = await PostgresEventStore.open(url);
    return { store, db: await PostgresReadModelDb.open(url), table: 'vigie_events', sql: async (s) => void (await store.query(s)), cleanup: drop };
  });
});
