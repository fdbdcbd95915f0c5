import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createEventStore } from '../factory';
import { ChainVerifier, eventHash, GENESIS } from '../integrity';
import { IdempotencyConflictError, InvalidArgumentError, WrongExpectedRevisionError } from '../errors';
import type { EventStore, HeadWatch, NewEvent, RecordedEvent, Subscription } from '../types';

/**
 * The one contract every backend must honour. Each backend's spec calls this with a
 * harness that opens a fresh, empty store (and, for parallelism tests, a URL that other
 * threads can open on the same storage).
 */
export interface StoreHarness {
  /** A fresh, empty store. `now` drives recorded time (for max-age tests). */
  open(now?: () => Date): Promise<{ store: EventStore; url: string }>;
  /** Drops the store's server connections (where the backend has any). */
  dropConnections?: (store: EventStore) => Promise<void>;
}

const meta = (over: Partial<NewEvent['metadata']> = {}): NewEvent['metadata'] => ({
  actor: 'user:test',
  correlationId: 'corr-1',
  causationId: null,
  occurredAt: '2020-06-18T10:00:00-04:00',
  ...over,
});

export const ev = (type = 'Happened', data: Record<string, unknown> = {}, id = randomUUID()): NewEvent => ({ id, type, data, metadata: meta() });

const events = (n: number, type = 'Happened') => Array.from({ length: n }, (_, i) => ev(type, { i }));

async function take(sub: Subscription, n: number, timeoutMs = 30_000): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  const timer = setTimeout(() => void sub.close(), timeoutMs);
  for await (const e of sub) {
    out.push(e);
    if (out.length >= n) break;
  }
  clearTimeout(timer);
  return out;
}

function runWorker(data: Record<string, unknown>): Promise<{ ok: boolean; conflicts: number; written: string[]; error?: string }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(join(__dirname, 'append-worker.js'), { workerData: data });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

export function eventStoreContract(name: string, harness: StoreHarness): void {
  describe(`event store contract: ${name}`, () => {
    let store: EventStore;
    let url: string;
    let clock = new Date('2026-01-15T12:00:00Z');
    const opened: EventStore[] = [];

    beforeEach(async () => {
      clock = new Date('2026-01-15T12:00:00Z');
      ({ store, url } = await harness.open(() => clock));
      opened.push(store);
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });

    describe('append and read a stream', () => {
      it('appends to a new stream with no_stream and reads events back with their metadata', async () => {
        const e1 = ev('IncidentDeclared', { title: 'Brèche — fournisseur' });
        const e2 = { ...ev('RiskOfSeriousInjuryAssessed', { serious: true }), schemaVersion: 2, metadata: meta({ causationId: e1.id, occurredAt: '2020-06-18T14:30:00.000Z' }) };
        const r = await store.append('incident-1', [e1, e2], 'no_stream');
        expect(r.nextExpectedRevision).toBe(1);
        expect(r.idempotent).toBe(false);
        expect(r.position).toBeGreaterThan(0);
        const read = await store.readStream('incident-1');
        expect(read.map((e) => [e.id, e.type, e.revision, e.schemaVersion])).toEqual([
          [e1.id, 'IncidentDeclared', 0, 1],
          [e2.id, 'RiskOfSeriousInjuryAssessed', 1, 2],
        ]);
        expect(read[0].data).toEqual({ title: 'Brèche — fournisseur' });
        expect(read[1].position).toBe(r.position);
        expect(read[0].position).toBeLessThan(read[1].position);
        expect(read[1].metadata).toEqual({
          actor: 'user:test',
          correlationId: 'corr-1',
          causationId: e1.id,
          occurredAt: '2020-06-18T14:30:00.000Z',
          recordedAt: '2026-01-15T12:00:00.000Z',
        });
        expect(read[0].metadata.occurredAt).toBe('2020-06-18T14:00:00.000Z');
      });

      it('continues a stream at the exact expected revision and with stream_exists and any', async () => {
        await store.append('s', [ev()], 'no_stream');
        expect((await store.append('s', [ev()], 0)).nextExpectedRevision).toBe(1);
        expect((await store.append('s', [ev()], 'stream_exists')).nextExpectedRevision).toBe(2);
        expect((await store.append('s', [ev(), ev()], 'any')).nextExpectedRevision).toBe(4);
        expect((await store.append('new', [ev()], 'any')).nextExpectedRevision).toBe(0);
        expect((await store.streamInfo('s')).revision).toBe(4);
      });

      it('rejects a wrong expected revision with a typed error naming stream, expected and actual, and writes nothing', async () => {
        await store.append('s', [ev(), ev()], 'no_stream');
        const head = await store.headPosition();
        const cases: [unknown, unknown][] = [
          [0, 1],
          [5, 1],
          ['no_stream', 1],
        ];
        for (const [expected, actual] of cases) {
          const p = store.append('s', [ev()], expected as number);
          await expect(p).rejects.toBeInstanceOf(WrongExpectedRevisionError);
          await expect(p).rejects.toMatchObject({ stream: 's', expected, actual, code: 'WRONG_EXPECTED_REVISION' });
        }
        await expect(store.append('missing', [ev()], 'stream_exists')).rejects.toMatchObject({ stream: 'missing', expected: 'stream_exists', actual: 'no_stream' });
        await expect(store.append('missing', [ev()], 0)).rejects.toMatchObject({ actual: 'no_stream' });
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream('s')).toHaveLength(2);
        expect(await store.readStream('missing')).toEqual([]);
      });

      it('lets exactly one of many same-revision appends win (the losers get a conflict)', async () => {
        await store.append('race', [ev()], 'no_stream');
        const results = await Promise.allSettled(Array.from({ length: 12 }, () => store.append('race', [ev()], 0)));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(rejected).toHaveLength(11);
        for (const r of rejected) expect(r.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream('race')).toHaveLength(2);
      });

      it('reads backwards, from a revision, and with a max count', async () => {
        await store.append('s', events(10), 'no_stream');
        expect((await store.readStream('s', { fromRevision: 7 })).map((e) => e.revision)).toEqual([7, 8, 9]);
        expect((await store.readStream('s', { maxCount: 3 })).map((e) => e.revision)).toEqual([0, 1, 2]);
        expect((await store.readStream('s', { direction: 'backwards', maxCount: 2 })).map((e) => e.revision)).toEqual([9, 8]);
        expect((await store.readStream('s', { direction: 'backwards', fromRevision: 3 })).map((e) => e.revision)).toEqual([3, 2, 1, 0]);
        expect(await store.readStream('s', { fromRevision: 10 })).toEqual([]);
      });

      it('pages through a large stream without loss', async () => {
        for (let i = 0; i < 5; i++) await store.append('big', events(600), 'any');
        const seen: number[] = [];
        let from = 0;
        for (;;) {
          const page = await store.readStream('big', { fromRevision: from, maxCount: 700 });
          seen.push(...page.map((e) => e.revision));
          if (page.length < 700) break;
          from = page[page.length - 1].revision + 1;
        }
        expect(seen).toEqual(Array.from({ length: 3000 }, (_, i) => i));
      });
    });

    describe('idempotent append', () => {
      it('returns the original result and stores nothing when the same events are appended again', async () => {
        const batch = [ev(), ev()];
        const first = await store.append('s', batch, 'no_stream');
        await store.append('s', [ev()], 1);
        const again = await store.append('s', batch, 'no_stream');
        expect(again).toEqual({ nextExpectedRevision: first.nextExpectedRevision, position: first.position, idempotent: true });
        const stale = await store.append('s', batch, 0);
        expect(stale.position).toBe(first.position);
        expect(await store.readStream('s')).toHaveLength(3);
      });

      it('is durable: a new store instance on the same storage still recognizes the ids', async () => {
        const e = ev();
        const first = await store.append('s', [e], 'no_stream');
        const other = await createEventStore(url);
        opened.push(other);
        expect(await other.append('s', [e], 'any')).toEqual({ ...first, idempotent: true });
        expect(await other.readStream('s')).toHaveLength(1);
      });

      it('rejects a retry that only partly overlaps what was stored, and writes nothing', async () => {
        const a = ev();
        const b = ev();
        await store.append('s', [a, b], 'no_stream');
        const head = await store.headPosition();
        await expect(store.append('s', [a, ev()], 'any')).rejects.toBeInstanceOf(IdempotencyConflictError);
        await expect(store.append('s', [b, a], 'any')).rejects.toBeInstanceOf(IdempotencyConflictError);
        await expect(store.append('other', [a], 'any')).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
        expect(await store.headPosition()).toBe(head);
      });

      it('stores concurrent retries of the same append once', async () => {
        const batch = [ev(), ev(), ev()];
        const results = await Promise.all(Array.from({ length: 8 }, () => store.append('dup', batch, 'any')));
        expect(new Set(results.map((r) => r.position)).size).toBe(1);
        expect(results.filter((r) => !r.idempotent)).toHaveLength(1);
        expect(await store.readStream('dup')).toHaveLength(3);
      });
    });

    describe('the global log', () => {
      it('orders every event of every stream by a strictly increasing position and pages with nextAfter', async () => {
        for (let i = 0; i < 25; i++) await store.append(`org-${i % 3}`, events(4), 'any');
        const all: RecordedEvent[] = [];
        let after = 0;
        for (;;) {
          const page = await store.readAll({ after, maxCount: 7 });
          all.push(...page.events);
          after = page.nextAfter;
          if (page.isEnd) break;
        }
        expect(all).toHaveLength(100);
        for (let i = 1; i < all.length; i++) expect(all[i].position).toBeGreaterThan(all[i - 1].position);
        expect(all[all.length - 1].position).toBe(await store.headPosition());
        const fromMiddle = await store.readAll({ after: all[49].position });
        expect(fromMiddle.events.map((e) => e.id)).toEqual(all.slice(50).map((e) => e.id));
      });

      it('filters by event types and by stream prefix', async () => {
        await store.append('incident-1', [ev('IncidentDeclared'), ev('NotificationSent')], 'any');
        await store.append('order-1', [ev('RegulatorOrderIssued'), ev('DailyPenaltyAccrued')], 'any');
        await store.append('incident-2', [ev('IncidentDeclared')], 'any');
        const declared = await store.readAll({ eventTypes: ['IncidentDeclared', 'DailyPenaltyAccrued'] });
        expect(declared.events.map((e) => `${e.streamId}:${e.type}`)).toEqual(['incident-1:IncidentDeclared', 'order-1:DailyPenaltyAccrued', 'incident-2:IncidentDeclared']);
        const orders = await store.readAll({ streamPrefix: 'order-' });
        expect(orders.events.map((e) => e.type)).toEqual(['RegulatorOrderIssued', 'DailyPenaltyAccrued']);
        const both = await store.readAll({ streamPrefix: 'incident-', eventTypes: ['NotificationSent'] });
        expect(both.events).toHaveLength(1);
        expect(await store.readAll({ streamPrefix: 'incident_' })).toMatchObject({ events: [], isEnd: true });
      });

      it('pages a filter to the end however sparse its matches: a page is the end only when no match is left', async () => {
        await store.append('rare-1', [ev('Rare')], 'any');
        for (let i = 0; i < 5; i++) await store.append(`common-${i}`, events(20), 'any');
        await store.append('rare-2', [ev('Rare')], 'any');
        const first = await store.readAll({ eventTypes: ['Rare'], maxCount: 1 });
        expect(first.events.map((e) => e.streamId)).toEqual(['rare-1']);
        expect(first.isEnd).toBe(false);
        const found: string[] = [];
        let after = 0;
        for (;;) {
          const page = await store.readAll({ after, eventTypes: ['Rare'], maxCount: 2 });
          found.push(...page.events.map((e) => e.streamId));
          after = page.nextAfter;
          if (page.isEnd) break;
        }
        expect(found).toEqual(['rare-1', 'rare-2']);
      });
    });

    describe('conflicting appends under real parallelism', () => {
      it('loses no update when several threads with their own connections race on one stream', async () => {
        await store.append('counter', [ev('Counted', { seed: true })], 'no_stream');
        const workers = 4;
        const rounds = 40;
        const results = await Promise.all(Array.from({ length: workers }, (_, worker) => runWorker({ url, stream: 'counter', rounds, worker, mode: 'conflict' })));
        for (const r of results) expect(r).toMatchObject({ ok: true });
        const stored = await store.readStream('counter');
        expect(stored).toHaveLength(1 + workers * rounds);
        expect(stored.map((e) => e.revision)).toEqual(stored.map((_, i) => i));
        expect(new Set(stored.map((e) => e.id))).toEqual(new Set([stored[0].id, ...results.flatMap((r) => r.written)]));
      });
    });

    describe('subscribeToAll', () => {
      it('catches up then goes live with no gap and no duplicate while other threads and this one append', async () => {
        for (let i = 0; i < 6; i++) await store.append(`pre-${i}`, events(50), 'any');
        const sub = store.subscribeToAll();
        const received = take(sub, 300 + 4 * 60 + 60);
        const local = (async () => {
          for (let i = 0; i < 60; i++) await store.append('local', [ev()], 'any');
        })();
        const remote = Array.from({ length: 4 }, (_, worker) => runWorker({ url, stream: 'live', rounds: 60, worker, mode: 'spread' }));
        await Promise.all([local, ...remote]);
        const got = await received;
        await sub.close();
        const truth: RecordedEvent[] = [];
        let after = 0;
        for (;;) {
          const page = await store.readAll({ after });
          truth.push(...page.events);
          after = page.nextAfter;
          if (page.isEnd) break;
        }
        expect(got.map((e) => e.position)).toEqual(truth.map((e) => e.position));
        expect(new Set(got.map((e) => e.id)).size).toBe(600);
      });

      it('resumes from the caller\'s checkpoint with no gap and no duplicate', async () => {
        await store.append('a', events(40), 'any');
        const first = store.subscribeToAll();
        const part = await take(first, 15);
        await first.close();
        const checkpoint = part[part.length - 1].position;
        await store.append('b', events(10), 'any');
        const second = store.subscribeToAll({ after: checkpoint });
        const rest = await take(second, 35);
        await second.close();
        const ids = [...part, ...rest].map((e) => e.id);
        expect(new Set(ids).size).toBe(50);
        const all = await store.readAll();
        expect(ids).toEqual(all.events.map((e) => e.id));
      });

      it('delivers only matching events with a filter', async () => {
        const sub = store.subscribeToAll({ eventTypes: ['DailyPenaltyAccrued'] });
        const got = take(sub, 3);
        await store.append('order-1', [ev('RegulatorOrderIssued'), ev('DailyPenaltyAccrued', { day: '2021-01-01' })], 'any');
        await store.append('incident-1', [ev('IncidentDeclared')], 'any');
        await store.append('order-1', [ev('DailyPenaltyAccrued', { day: '2021-01-02' }), ev('DailyPenaltyAccrued', { day: '2021-01-03' })], 'any');
        const events = await got;
        await sub.close();
        expect(events.map((e) => e.data.day)).toEqual(['2021-01-01', '2021-01-02', '2021-01-03']);
      });

      if (harness.dropConnections) {
        it('resumes by itself after its connections are dropped, with no gap and no duplicate', async () => {
          await store.append('a', events(20), 'any');
          const sub = store.subscribeToAll();
          const received = take(sub, 60);
          await new Promise((r) => setTimeout(r, 200));
          await harness.dropConnections!(store);
          for (let i = 0; i < 40; i++) {
            for (;;) {
              try {
                await store.append('b', [ev('After', { i })], 'any');
                break;
              } catch {
                await new Promise((r) => setTimeout(r, 50)); // the writer's pooled connection may also have been dropped
              }
            }
          }
          const got = await received;
          await sub.close();
          expect(got).toHaveLength(60);
          expect(new Set(got.map((e) => e.position)).size).toBe(60);
          expect(got.slice(20).map((e) => e.data.i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
        });
      }
    });

    describe('watchHead', () => {
      /** What the watch yields until it reaches `target`, or until `timeoutMs` ends it. */
      async function until(watch: HeadWatch, target: number, timeoutMs = 30_000): Promise<number[]> {
        const out: number[] = [];
        const timer = setTimeout(() => void watch.close(), timeoutMs);
        for await (const head of watch) {
          out.push(head);
          if (head >= target) break;
        }
        clearTimeout(timer);
        return out;
      }

      it('yields the head each time it grows, woken by this store and by writers in other threads, rising to the last append', async () => {
        await store.append('before', events(5), 'any');
        const start = await store.headPosition();
        const watch = store.watchHead({ after: start });
        const seen: number[] = [];
        const iterator = watch[Symbol.asyncIterator]();
        const local = await store.append('local', [ev()], 'any');
        const first = await iterator.next();
        seen.push(first.value as number);
        expect(first.value).toBeGreaterThanOrEqual(local.position);
        await runWorker({ url, stream: 'remote', rounds: 20, worker: 0, mode: 'spread' });
        const head = await store.headPosition();
        for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
          seen.push(r.value);
          if (r.value >= head) break;
        }
        await watch.close();
        expect(seen[seen.length - 1]).toBe(head);
        expect(seen.every((h, i) => h > (i === 0 ? start : seen[i - 1]))).toBe(true);
      });

      it('without a starting point, begins at the head when it starts: what was appended before is not announced', async () => {
        await store.append('before', events(3), 'any');
        const watch = store.watchHead();
        const seen = until(watch, Number.MAX_SAFE_INTEGER, 1_500);
        await new Promise((r) => setTimeout(r, 300)); // it has read the head by now
        const after = await store.append('after', [ev()], 'any');
        const got = await seen;
        expect(got).toEqual([after.position]);
      });

      it('ends when closed while it waits', async () => {
        const watch = store.watchHead();
        const done = until(watch, Number.MAX_SAFE_INTEGER, 60_000);
        await new Promise((r) => setTimeout(r, 100));
        await watch.close();
        await expect(done).resolves.toEqual([]);
      });
    });

    describe('stream metadata', () => {
      it('hides events before truncateBefore from the stream but keeps them in the global log', async () => {
        await store.append('s', events(5), 'no_stream');
        await store.setStreamMetadata('s', { truncateBefore: 3 });
        expect((await store.readStream('s')).map((e) => e.revision)).toEqual([3, 4]);
        expect((await store.streamInfo('s')).metadata).toEqual({ truncateBefore: 3 });
        expect((await store.readAll()).events).toHaveLength(5);
        expect((await store.append('s', [ev()], 4)).nextExpectedRevision).toBe(5);
      });

      it('hides events older than maxAge', async () => {
        await store.append('s', events(2), 'no_stream');
        clock = new Date('2026-01-15T13:00:00Z');
        await store.append('s', events(1), 'any');
        await store.setStreamMetadata('s', { maxAgeSeconds: 1800 });
        expect((await store.readStream('s')).map((e) => e.revision)).toEqual([2]);
        expect((await store.streamInfo('s')).metadata).toEqual({ maxAgeSeconds: 1800 });
      });

      it('soft-deletes a stream: it reads empty, and appending recreates it with revisions that continue', async () => {
        await store.append('s', events(3), 'no_stream');
        await store.deleteStream('s', 2);
        expect(await store.readStream('s')).toEqual([]);
        expect((await store.streamInfo('s')).deleted).toBe(true);
        await expect(store.deleteStream('s')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        const r = await store.append('s', [ev()], 'no_stream');
        expect(r.nextExpectedRevision).toBe(3);
        expect((await store.readStream('s')).map((e) => e.revision)).toEqual([3]);
        expect((await store.streamInfo('s')).deleted).toBe(false);
      });

      it('refuses to delete at a wrong expected revision', async () => {
        await store.append('s', events(2), 'no_stream');
        await expect(store.deleteStream('s', 0)).rejects.toMatchObject({ stream: 's', expected: 0, actual: 1 });
        expect(await store.readStream('s')).toHaveLength(2);
      });
    });

    describe('tamper evidence', () => {
      it('chains every event to the previous event of its stream, across appends and backends', async () => {
        await store.append('a', events(3), 'no_stream');
        await store.append('b', events(2), 'no_stream');
        await store.append('a', events(2), 2);
        const verifier = new ChainVerifier();
        const all = (await store.readAll()).events;
        expect(all.map((e) => verifier.check(e))).toEqual(all.map(() => null));
        expect(all.every((e) => /^[0-9a-f]{64}$/.test(e.hash ?? ''))).toBe(true);
        const a = all.filter((e) => e.streamId === 'a');
        expect(a[3].hash).toBe(eventHash(a[2].hash!, a[3]));
        expect(a[0].hash).toBe(eventHash(GENESIS, a[0]));
      });
    });

    describe('bad arguments', () => {
      const good = () => ev();
      const cases: [string, (s: EventStore) => Promise<unknown>, string][] = [
        ['empty stream name', (s) => s.append('', [good()], 'any'), 'stream'],
        ['non-string stream name', (s) => s.append(42 as unknown as string, [good()], 'any'), 'stream'],
        ['reserved stream name', (s) => s.append('$all', [good()], 'any'), 'stream'],
        ['negative expected revision', (s) => s.append('s', [good()], -1), 'expectedRevision'],
        ['fractional expected revision', (s) => s.append('s', [good()], 1.5), 'expectedRevision'],
        ['unknown expected revision', (s) => s.append('s', [good()], 'latest' as never), 'expectedRevision'],
        ['events not an array', (s) => s.append('s', {} as never, 'any'), 'events'],
        ['no events', (s) => s.append('s', [], 'any'), 'events'],
        ['event id not a UUID', (s) => s.append('s', [{ ...good(), id: 'not-a-uuid' }], 'any'), 'events[0].id'],
        ['same id twice', (s) => { const e = good(); return s.append('s', [e, { ...e }], 'any'); }, 'events[1].id'],
        ['bad event type', (s) => s.append('s', [{ ...good(), type: '1 bad type' }], 'any'), 'events[0].type'],
        ['data is an array', (s) => s.append('s', [{ ...good(), data: [] as never }], 'any'), 'events[0].data'],
        ['data with NUL', (s) => s.append('s', [{ ...good(), data: { x: 'a\u0000b' } }], 'any'), 'events[0].data'],
        ['schema version 0', (s) => s.append('s', [{ ...good(), schemaVersion: 0 }], 'any'), 'events[0].schemaVersion'],
        ['missing actor', (s) => s.append('s', [{ ...good(), metadata: { ...meta(), actor: '' } }], 'any'), 'events[0].metadata.actor'],
        ['occurredAt without zone', (s) => s.append('s', [{ ...good(), metadata: { ...meta(), occurredAt: '2020-06-18 10:00' } }], 'any'), 'events[0].metadata.occurredAt'],
        ['impossible occurredAt', (s) => s.append('s', [{ ...good(), metadata: { ...meta(), occurredAt: '2020-02-31T10:00:00Z' } }], 'any'), 'events[0].metadata.occurredAt'],
        ['readStream negative revision', (s) => s.readStream('s', { fromRevision: -3 }), 'options.fromRevision'],
        ['readStream bad direction', (s) => s.readStream('s', { direction: 'sideways' as never }), 'options.direction'],
        ['readAll page too large', (s) => s.readAll({ maxCount: 1_000_000 }), 'options.maxCount'],
        ['readAll negative position', (s) => s.readAll({ after: -1 }), 'options.after'],
        ['readAll empty type filter', (s) => s.readAll({ eventTypes: [] }), 'options.eventTypes'],
        ['unknown stream metadata', (s) => s.setStreamMetadata('s', { hardDelete: true } as never), 'metadata.hardDelete'],
        ['negative truncateBefore', (s) => s.setStreamMetadata('s', { truncateBefore: -1 }), 'metadata.truncateBefore'],
      ];
      it.each(cases)('rejects %s with a typed error naming the field, writing nothing', async (_label, call, field) => {
        await store.append('s', [good()], 'no_stream');
        const head = await store.headPosition();
        const p = call(store);
        await expect(p).rejects.toBeInstanceOf(InvalidArgumentError);
        await expect(p).rejects.toMatchObject({ field });
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream('s')).toHaveLength(1);
        expect((await store.streamInfo('s')).metadata).toEqual({});
      });
    });
  });
}
