import { EventStore, runDecider, SqliteEventStore } from '@app/event-store';
import { IncidentCommand, incidentDecider, incidentStream } from '@app/incidents';
import { loadRuleBook } from '@app/rules';
import { freshPostgresSchema, professionalOrder, TEST_POSTGRES_URL, vendorBreachFacts } from '@app/testing';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { incidentsProjection, ALL_PROJECTIONS } from './aggregate-projections';
import type { Projection } from './projection';
import { PostgresReadModelDb, ReadModelDb, ReadModelTx, SqliteReadModelDb } from './read-model-db';
import { liveDocs, liveQuery, liveSummaries, ProjectionRunner } from './runner';

const book = loadRuleBook();
const ctx = { actor: 'user:test', correlationId: 'c' };
const AT = '2026-11-22T15:00:00.000Z';

async function declare(store: EventStore, id: string) {
  await runDecider(store, incidentStream(id), incidentDecider, {
    type: 'DeclareIncident',
    at: AT,
    incidentId: id,
    organization: professionalOrder,
    facts: vendorBreachFacts({ occurred: { from: '2026-11-01T00:00:00Z', to: null, approximate: true }, awareAt: '2026-11-20T14:00:00Z' }),
  }, ctx);
}

const mitigation = (n: number): IncidentCommand => ({ type: 'RecordMitigation', at: AT, mitigation: { measure: 'other', description: `m${n}`, takenAt: '2026-11-21T10:00:00.000Z' } });

/** A point where a test holds an operation: `reached()` waits there until `open()`; `waiting` resolves once something waits. */
function gate() {
  let open!: () => void;
  let arrived!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const waiting = new Promise<void>((r) => (arrived = r));
  return { waiting, open, reached: () => (arrived(), opened) };
}

async function docs(db: ReadModelDb, p: Projection<unknown> = incidentsProjection as Projection<unknown>) {
  const rows = await db.all<{ key: string; doc: string }>('SELECT key, doc FROM read_model_docs WHERE projection = ? ORDER BY key', [p.name]);
  return rows.map((r) => [r.key, JSON.parse(r.doc)]);
}

function runnerSuite(name: string, openDb: () => Promise<{ db: ReadModelDb; reopen: () => Promise<ReadModelDb>; cleanup?: () => Promise<void> }>) {
  describe(`projection runner with ${name} read models`, () => {
    let store: EventStore;
    let db: ReadModelDb;
    let reopen: () => Promise<ReadModelDb>;
    let cleanup: (() => Promise<void>) | undefined;
    beforeEach(async () => {
      store = new SqliteEventStore(':memory:');
      ({ db, reopen, cleanup } = await openDb());
    });
    afterEach(async () => {
      await db.close().catch(() => undefined);
      await store.close();
      await cleanup?.();
    });

    it('given events, then the read model holds each aggregate’s fold, and the checkpoint is the last position read', async () => {
      await declare(store, 'a');
      await declare(store, 'b');
      await runDecider(store, incidentStream('a'), incidentDecider, mitigation(1), ctx);
      const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS);
      await runner.register();
      await runner.catchUp(incidentsProjection as Projection<unknown>);
      const incidents = await liveDocs(db, incidentsProjection, { org: professionalOrder.id });
      expect(incidents.map((i) => [i.incidentId, i.mitigations.length])).toEqual([['a', 1], ['b', 0]]);
      expect(await runner.position(incidentsProjection as Projection<unknown>)).toBe(3);
    });

    it('a crash between the read-model write and the checkpoint applies no event twice', async () => {
      await declare(store, 'a');
      await runDecider(store, incidentStream('a'), incidentDecider, mitigation(1), ctx);
      let crash = true;
      const crashing = new ProjectionRunner(store, db, ALL_PROJECTIONS, {
        batchSize: 1,
        beforeCommit: (projection, position) => {
          if (crash && projection === 'incidents' && position === 2) throw new Error('process killed');
        },
      });
      await crashing.register();
      await expect(crashing.catchUp(incidentsProjection as Projection<unknown>)).rejects.toThrow('process killed');
      expect(await crashing.position(incidentsProjection as Projection<unknown>)).toBe(1);
      crash = false;
      await db.close();
      db = await reopen();
      const restarted = new ProjectionRunner(store, db, ALL_PROJECTIONS, { batchSize: 1 });
      await restarted.catchUp(incidentsProjection as Projection<unknown>);
      const [a] = await liveDocs(db, incidentsProjection, { key: 'a' });
      expect(a.mitigations).toHaveLength(1); // applied once, not twice, not zero
      expect(await restarted.position(incidentsProjection as Projection<unknown>)).toBe(2);
    });

    it('a new version is built beside the live one and takes over once caught up; readers never see an empty model', async () => {
      await declare(store, 'a');
      const v1 = new ProjectionRunner(store, db, [incidentsProjection as Projection<unknown>]);
      await v1.register();
      await v1.catchUp(incidentsProjection as Projection<unknown>);
      const v1Version = incidentsProjection.version;
      const v2Projection = { ...incidentsProjection, version: v1Version + 1, index: (d: never) => ({ ...incidentsProjection.index(d), kind: 'v2' }) } as Projection<unknown>;
      const v2 = new ProjectionRunner(store, db, [v2Projection]);
      await v2.register();
      expect(await v2.liveVersions()).toEqual(new Map([['incidents', v1Version]]));
      expect(await liveDocs(db, incidentsProjection)).toHaveLength(1); // still served by v1 while v2 builds
      await v2.catchUp(v2Projection);
      expect(await v2.liveVersions()).toEqual(new Map([['incidents', v1Version + 1]]));
      expect(await db.all('SELECT DISTINCT version FROM read_model_docs WHERE projection = ?', ['incidents'])).toEqual([{ version: v1Version + 1 }]);
      expect(await liveDocs(db, incidentsProjection, { kind: 'v2' })).toHaveLength(1);
    });

    it('started, the projections share their reads of the log: one append is read once, not once per projection, and every projection applies it', async () => {
      const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS, { pollMs: 60_000 });
      await runner.start();
      try {
        const head = await store.headPosition();
        expect(await runner.waitFor(head, 5000)).toBe(true);
        const reads = jest.spyOn(store, 'readAll');
        await declare(store, 'shared');
        expect(await runner.waitFor(await store.headPosition(), 5000)).toBe(true);
        expect(reads.mock.calls.length).toBeGreaterThanOrEqual(1);
        expect(reads.mock.calls.length).toBeLessThan(ALL_PROJECTIONS.length);
        expect(await liveDocs(db, incidentsProjection, { key: 'shared' })).toHaveLength(1);
        for (const p of ALL_PROJECTIONS) expect(await runner.position(p)).toBe(await store.headPosition());
      } finally {
        await runner.stop();
      }
    });

    it('live, a loop reads its version’s status until it finds it live, not at every batch', async () => {
      const runner = new ProjectionRunner(store, db, [incidentsProjection as Projection<unknown>], { pollMs: 60_000 });
      const statusReads = () => all.mock.calls.filter(([sql]) => sql.startsWith('SELECT status FROM projection_state')).length;
      const all = jest.spyOn(db, 'all');
      await runner.start();
      try {
        expect(await runner.waitFor(await store.headPosition(), 5000)).toBe(true);
        const before = statusReads();
        expect(before).toBeGreaterThanOrEqual(1);
        for (let i = 0; i < 3; i++) {
          await declare(store, `batch-${i}`);
          expect(await runner.waitFor(await store.headPosition(), 5000)).toBe(true);
        }
        expect(await liveDocs(db, incidentsProjection)).toHaveLength(3);
        expect(statusReads()).toBe(before);
      } finally {
        await runner.stop();
      }
    });

    it('live, appends that follow one another closely are applied in one batch, not one each; an append after a quiet moment is applied at once', async () => {
      const batches: number[] = [];
      const GATHER_MS = 2000;
      const runner = new ProjectionRunner(store, db, [incidentsProjection as Projection<unknown>], { pollMs: 60_000, gatherMs: GATHER_MS, beforeCommit: (_p, position) => void batches.push(position) });
      await runner.start();
      try {
        await new Promise((r) => setTimeout(r, GATHER_MS + 100)); // quiet: the last batch started longer ago than the window
        await declare(store, 'alone');
        // Applied well before the window would have closed: nothing was gathered.
        expect(await runner.waitFor(await store.headPosition(), GATHER_MS / 2)).toBe(true);
        expect(batches).toHaveLength(1);
        for (let i = 0; i < 5; i++) await declare(store, `close-${i}`); // within the window of the batch that applied 'alone'
        expect(await runner.waitFor(await store.headPosition(), 3 * GATHER_MS)).toBe(true);
        expect(batches).toEqual([batches[0], await store.headPosition()]); // the five in one batch
        expect(await liveDocs(db, incidentsProjection)).toHaveLength(6);
      } finally {
        await runner.stop();
      }
    });

    it('settled by a reader, live loops gathering appends apply them at once: the reader sees every write acknowledged before it asked', async () => {
      const batches: number[] = [];
      const GATHER_MS = 60_000; // far longer than the reader waits
      const runner = new ProjectionRunner(store, db, [incidentsProjection as Projection<unknown>], { pollMs: 60_000, gatherMs: GATHER_MS, beforeCommit: (_p, position) => void batches.push(position) });
      expect(await runner.settle(1000)).toBe(true); // not started: the read models are kept elsewhere, nothing to wait for
      await runner.start();
      try {
        expect(await runner.waitFor(await store.headPosition(), 5000)).toBe(true);
        // The loop's first batch has just started its window: these two are gathered for a minute...
        await declare(store, 'gathered-1');
        await declare(store, 'gathered-2');
        expect(await liveDocs(db, incidentsProjection)).toHaveLength(0);
        // ...unless a reader waits for them.
        expect(await runner.settle(5000)).toBe(true);
        expect((await liveDocs(db, incidentsProjection)).map((d) => d.incidentId).sort()).toEqual(['gathered-1', 'gathered-2']);
        expect(batches).toEqual([await store.headPosition()]); // both in one batch
      } finally {
        await runner.stop();
      }
    });

    it('a projection that keeps failing is not waited for by readers who name no position: they read what is there', async () => {
      const failing = { ...incidentsProjection, name: 'failing', version: 1, evolve: () => { throw new Error('cannot apply'); } } as Projection<unknown>;
      let failed!: () => void;
      const failure = new Promise<void>((r) => (failed = r));
      const runner = new ProjectionRunner(store, db, [incidentsProjection as Projection<unknown>, failing], { pollMs: 60_000, onError: () => failed() });
      await runner.start();
      try {
        expect(await runner.waitFor(await store.headPosition(), 5000)).toBe(true);
        await declare(store, 'unapplicable');
        await failure;
        expect(await runner.settle(60_000)).toBe(true); // at once: the failing loop is behind
        expect(await runner.waitFor(await store.headPosition(), 0)).toBe(false);
      } finally {
        await runner.stop();
      }
    });

    it('catching up a backlog, the loops are not waited for by readers who name no position: they read what is there', async () => {
      for (let i = 0; i < 3; i++) await declare(store, `backlog-${i}`);
      const held = gate();
      const runner = new ProjectionRunner(store, db, [incidentsProjection as Projection<unknown>], { batchSize: 1, pollMs: 60_000, beforeCommit: () => held.reached() });
      await runner.start();
      try {
        await held.waiting; // the first batch of the backlog is being written
        expect(await runner.settle(60_000)).toBe(true); // at once...
        expect(await runner.waitFor(1, 0)).toBe(false); // ...with the first event not applied yet
      } finally {
        held.open();
        await runner.stop();
      }
    });

    it('catching up, the loops give the event loop its turns between their batches: with no budget, each batch of each projection comes after a turn of its own', async () => {
      for (let i = 0; i < 6; i++) await declare(store, `turn-${i}`);
      let turns = 0;
      let counting = true;
      const count = () => {
        turns++;
        if (counting) setImmediate(count);
      };
      const committedAtTurn: number[] = [];
      const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS, { batchSize: 1, pollMs: 60_000, turnBudgetMs: 0, beforeCommit: () => void committedAtTurn.push(turns) });
      setImmediate(count);
      await runner.start();
      try {
        expect(await runner.waitFor(await store.headPosition(), 5000)).toBe(true);
      } finally {
        counting = false;
        await runner.stop();
      }
      expect(committedAtTurn).toHaveLength(6 * ALL_PROJECTIONS.length);
      expect(new Set(committedAtTurn).size).toBe(committedAtTurn.length);
    });

    it('a runner whose checkpoint another runner moved while it read the log applies nothing twice', async () => {
      await declare(store, 'a');
      await runDecider(store, incidentStream('a'), incidentDecider, mitigation(1), ctx);
      const p = incidentsProjection as Projection<unknown>;
      const first = new ProjectionRunner(store, db, [p]);
      await first.register();
      // The second runner reads the checkpoint, then waits in its read of the log while the first applies the same events.
      const g = gate();
      const gated: EventStore = Object.create(store, { readAll: { value: async (o: Parameters<EventStore['readAll']>[0]) => (await g.reached(), store.readAll(o)) } });
      const second = new ProjectionRunner(gated, await reopen(), [p]);
      const pending = second.step(p);
      await g.waiting;
      expect(await first.step(p)).toBe(true);
      g.open();
      expect(await pending).toBe(false); // not applied: its checkpoint moved
      expect(await second.step(p)).toBe(true);
      await second.db.close();
      const [incident] = await liveDocs(db, incidentsProjection, { key: 'a' });
      expect(incident.mitigations).toHaveLength(1);
      expect(await first.position(p)).toBe(2);
    });

    it('a gateway that does not project (PROJECTIONS_ENABLED=false) waits for the checkpoints another process stores: read-your-writes holds across processes', async () => {
      await declare(store, 'a');
      const gateway = new ProjectionRunner(store, await reopen(), ALL_PROJECTIONS);
      await gateway.register();
      // Nothing projects yet: the wait runs out, false (a 503 at the edge), and nothing is written to the read models.
      expect(await gateway.waitFor(1, 60)).toBe(false);
      expect(await docs(db)).toEqual([]);
      // The projector, started later, elsewhere (its own runner and connection): the gateway's waiter sees its checkpoints.
      const waiting = gateway.waitFor(1, 5_000);
      const projector = new ProjectionRunner(store, db, ALL_PROJECTIONS);
      await projector.start();
      try {
        expect(await waiting).toBe(true);
        const [incident] = await liveDocs(gateway.db, incidentsProjection, { key: 'a' });
        expect(incident).toMatchObject({ incidentId: 'a' });
        // A later write is waited for the same way.
        await runDecider(store, incidentStream('a'), incidentDecider, mitigation(1), ctx);
        expect(await gateway.waitFor(2, 5_000)).toBe(true);
        expect((await liveDocs(gateway.db, incidentsProjection, { key: 'a' }))[0].mitigations).toHaveLength(1);
      } finally {
        await projector.stop();
        await gateway.db.close();
      }
    });

    it('two runners promoting the same new version: it is promoted once, and its documents stay live', async () => {
      await declare(store, 'a');
      const v1 = incidentsProjection as Projection<unknown>;
      const v2 = { ...incidentsProjection, version: incidentsProjection.version + 1 } as Projection<unknown>;
      const base = new ProjectionRunner(store, db, [v1]);
      await base.register();
      await base.catchUp(v1);
      // The second runner applies the new version's events, finds it still building, and is held before its promotion commits.
      const g = gate();
      const other = await reopen();
      let transactions = 0;
      const held: ReadModelDb = Object.create(other, {
        transaction: { value: async <T>(fn: (tx: ReadModelTx) => Promise<T>) => (++transactions === 2 && (await g.reached()), other.transaction(fn)) },
      });
      const second = new ProjectionRunner(store, held, [v2]);
      await second.register();
      const pending = second.step(v2);
      await g.waiting;
      expect(await new ProjectionRunner(store, db, [v2]).step(v2)).toBe(true); // the first runner promotes it
      g.open();
      await pending;
      await other.close();
      const states = await db.all<{ version: number; status: string }>('SELECT version, status FROM projection_state WHERE name = ? ORDER BY version', [v1.name]);
      expect(states.map((s) => [Number(s.version), s.status])).toEqual([
        [v1.version, 'retired'],
        [v2.version, 'live'],
      ]);
      expect((await liveDocs(db, incidentsProjection, { org: professionalOrder.id })).map((i) => i.incidentId)).toEqual(['a']);
    });

    it('list items are the stored summaries, in (sort, key) order, paged by cursor; a row stored without one is summarized from its document', async () => {
      for (const id of ['c', 'a', 'b']) await declare(store, id);
      const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS);
      await runner.register();
      await runner.catchUp(incidentsProjection as Projection<unknown>);
      const docsNow = await liveDocs(db, incidentsProjection);
      const all = await liveSummaries(db, incidentsProjection);
      expect(all.map((r) => r.summary)).toEqual(docsNow.map((d) => incidentsProjection.summarize(d)));
      expect(all.map((r) => r.key)).toEqual(['a', 'b', 'c']); // same declaredAt: the key orders them
      expect(all[0].summary).toEqual(expect.objectContaining({ id: 'a', organizationId: professionalOrder.id, status: 'open', personsConcerned: expect.any(Number) }));
      const second = await liveSummaries(db, incidentsProjection, {}, { limit: 2, afterSort: all[0].sort, afterKey: all[0].key });
      expect(second.map((r) => r.key)).toEqual(['b', 'c']);
      // As left by a version that stored no summary (the new version still building): the same item.
      await db.run('UPDATE read_model_docs SET summary = NULL WHERE projection = ?', ['incidents']);
      expect((await liveSummaries(db, incidentsProjection)).map((r) => r.summary)).toEqual(all.map((r) => r.summary));
      expect(await liveSummaries(db, incidentsProjection, { orgIn: [] })).toEqual([]);
    });

    it('a read-model database from before summaries gains the column when opened', async () => {
      await db.run('ALTER TABLE read_model_docs DROP COLUMN summary');
      await db.close();
      db = await reopen();
      await declare(store, 'a');
      const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS);
      await runner.register();
      await runner.catchUp(incidentsProjection as Projection<unknown>);
      const [row] = await db.all<{ summary: string }>('SELECT summary FROM read_model_docs WHERE projection = ?', ['incidents']);
      expect(JSON.parse(row.summary)).toEqual(expect.objectContaining({ id: 'a' }));
    });

    it('a rebuild reads pages into transactions of a span: a document the span touches is written once, and each span commits its checkpoint', async () => {
      await declare(store, 'a'); // position 1
      for (let n = 1; n <= 5; n++) await runDecider(store, incidentStream('a'), incidentDecider, mitigation(n), ctx); // 2-6
      await declare(store, 'b'); // 7
      const written: string[] = [];
      const commits: number[] = [];
      const counting: ReadModelDb = {
        dialect: db.dialect,
        run: (sql, params) => db.run(sql, params),
        all: (sql, params) => db.all(sql, params),
        close: () => db.close(),
        transaction: (fn) =>
          db.transaction((tx) =>
            fn({
              run: (sql, params = []) => {
                if (sql.trimStart().startsWith('INSERT INTO read_model_docs') && params[0] === 'incidents') written.push(String(params[2]));
                return tx.run(sql, params);
              },
              all: (sql, params) => tx.all(sql, params),
            }),
          ),
      };
      const progress: [number, number][] = [];
      const runner = new ProjectionRunner(store, counting, ALL_PROJECTIONS, { batchSize: 2, rebuildSpan: 4, beforeCommit: (p, at) => void (p === 'incidents' && commits.push(at)) });
      await runner.rebuildAll(ALL_PROJECTIONS, (n, at) => progress.push([n, at]));
      // Pages of 2 events: [1, 2] [3, 4] | [5, 6] [7]. Per page, `a` would be written three times and `b` once.
      expect(written).toEqual(['a', 'a', 'b']);
      expect(commits).toEqual([4, 7]);
      expect(progress).toEqual([[4, 4], [3, 7]]);
      expect(await runner.position(incidentsProjection as Projection<unknown>)).toBe(7);
      const rebuilt = await docs(db);
      await db.run('DELETE FROM read_model_docs');
      await db.run('DELETE FROM projection_state');
      const incremental = new ProjectionRunner(store, db, ALL_PROJECTIONS, { batchSize: 1 });
      await incremental.register();
      await incremental.catchUp(incidentsProjection as Projection<unknown>);
      expect(rebuilt).toEqual(await docs(db));
      expect(rebuilt.find(([key]) => key === 'a')![1].mitigations).toHaveLength(5);
    });

    it('property: a rebuild equals the incremental result over random event sequences', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('declare', 'mitigate', 'contain', 'notify')), { minLength: 1, maxLength: 20 }), async (steps) => {
          const s = new SqliteEventStore(':memory:');
          await db.run('DELETE FROM read_model_docs');
          await db.run('DELETE FROM projection_state');
          const incremental = new ProjectionRunner(s, db, ALL_PROJECTIONS, { batchSize: 3 });
          await incremental.register();
          for (const [id, step] of steps) {
            const command: IncidentCommand | null =
              step === 'mitigate'
                ? mitigation(1)
                : step === 'contain'
                  ? { type: 'ContainIncident', at: AT, containedAt: '2026-11-21T12:00:00.000Z' }
                  : step === 'notify'
                    ? { type: 'RecordNotification', at: AT, notification: { recipient: 'CAI', recipientName: null, channel: 'portal', sentAt: '2026-11-21T12:00:00.000Z', summary: 's', evidenceRef: null } }
                    : null;
            try {
              if (command) await runDecider(s, incidentStream(id), incidentDecider, command, ctx);
              else await declare(s, id);
            } catch {
              /* refused commands write nothing */
            }
            await incremental.catchUp(incidentsProjection as Projection<unknown>);
          }
          const before = await docs(db);
          await incremental.rebuild(incidentsProjection as Projection<unknown>);
          expect(await docs(db)).toEqual(before);
          // In one pass over every projection, in spans of several pages.
          await new ProjectionRunner(s, db, ALL_PROJECTIONS, { batchSize: 2, rebuildSpan: 5 }).rebuildAll(ALL_PROJECTIONS);
          expect(await docs(db)).toEqual(before);
          await s.close();
        }),
        { numRuns: 25 },
      );
    });
  });
}

runnerSuite('SQLite', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'vigie-rm-')), 'rm.db');
  return { db: new SqliteReadModelDb(path), reopen: async () => new SqliteReadModelDb(path) };
});

describe('list queries on SQLite read models', () => {
  const explain = (db: SqliteReadModelDb, q: { sql: string; params: unknown[] } | null) => db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${q!.sql}`, q!.params).then((rows) => rows.map((r) => r.detail));

  it.each([
    ['every organization', {}],
    ['one organization', { org: 'o' }],
    ['the organizations in scope', { orgIn: ['o', 'p'] }],
    ['a status and a kind', { status: ['open'], kind: 'confidentiality' }],
  ])('a page of %s is an index range scan in (sort, key) order, never a sort of every document', async (_, filter) => {
    const db = new SqliteReadModelDb(':memory:');
    for (const descending of [false, true]) {
      const plan = await explain(db, liveQuery(incidentsProjection, 'summary', filter, { limit: 21, afterSort: 's', afterKey: 'k', descending }));
      expect(plan.join('\n')).toMatch(/USING INDEX read_model_docs_(org_)?sorted/);
      expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    }
    await db.close();
  });
});

// Needs a PostgreSQL server (TEST_POSTGRES_URL, set by .ci/run); skipped without one.
(TEST_POSTGRES_URL ? describe : describe.skip)('PostgreSQL read models (READ_MODEL_URL)', () => {
  runnerSuite('PostgreSQL', async () => {
    const { url, drop } = await freshPostgresSchema();
    return { db: await PostgresReadModelDb.open(url), reopen: () => PostgresReadModelDb.open(url), cleanup: drop };
  });

  // Several stateless gateways share PostgreSQL read models, each running the projections. (Two runners on one
  // SQLite file would be two processes; in one test process, better-sqlite3's synchronous busy wait would block the other.)
  describe('several gateways on the same read models', () => {
    let store: EventStore;
    let db: ReadModelDb;
    let reopen: () => Promise<ReadModelDb>;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      store = new SqliteEventStore(':memory:');
      const { url, drop } = await freshPostgresSchema();
      db = await PostgresReadModelDb.open(url);
      reopen = () => PostgresReadModelDb.open(url);
      cleanup = drop;
    });
    afterEach(async () => {
      await db.close().catch(() => undefined);
      await store.close();
      await cleanup();
    });

    it('two runners on the same read models (two gateways) apply each event once: the checkpoint moves by compare-and-set', async () => {
      const other = await reopen();
      const a = new ProjectionRunner(store, db, ALL_PROJECTIONS);
      // The second gateway reads the log more slowly (another network path): it reads a checkpoint, then the
      // events after it, while the first gateway applies those events and commits.
      const slow: EventStore = Object.create(store, { readAll: { value: async (o: Parameters<EventStore['readAll']>[0]) => { await new Promise((r) => setTimeout(r, 30)); return store.readAll(o); } } });
      const b = new ProjectionRunner(slow, other, ALL_PROJECTIONS);
      await a.start();
      await b.start();
      try {
        await Promise.all(['a', 'b', 'c'].map((id) => declare(store, id)));
        for (let n = 0; n < 15; n++) await Promise.all(['a', 'b', 'c'].map((id) => runDecider(store, incidentStream(id), incidentDecider, mitigation(n), ctx)));
        const head = await store.headPosition();
        expect(await a.waitFor(head, 20_000)).toBe(true);
        expect(await b.waitFor(head, 20_000)).toBe(true);
      } finally {
        await a.stop();
        await b.stop();
        await other.close();
      }
      const incidents = await liveDocs(db, incidentsProjection, { org: professionalOrder.id });
      expect(incidents.map((i) => [i.incidentId, i.mitigations.length])).toEqual([['a', 15], ['b', 15], ['c', 15]]);
      const incremental = await docs(db);
      await new ProjectionRunner(store, db, ALL_PROJECTIONS).rebuild(incidentsProjection as Projection<unknown>);
      expect(incremental).toEqual(await docs(db));
    }, 60_000);
  });
});
