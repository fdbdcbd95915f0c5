/**
 * npm run bench:store — append throughput of the event store, printed as JSON lines.
 *
 * Baseline (same run, same disk): raw better-sqlite3, WAL, synchronous=FULL, one row
 * per transaction. Target: with 16 concurrent writers the store's durable append rate
 * is ≥ 1.0× that baseline (group commit must earn it), and the append cost stays flat
 * from 10k to 1M stored events. PostgreSQL is measured too when BENCH_POSTGRES_URL
 * (or TEST_POSTGRES_URL) is set. Event ids are made as Vigie makes them (kernel newId:
 * time-ordered UUIDs). A benchmark, not a test: nothing here fails a build.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, NewEvent, SqliteEventStore } from '../libs/event-store/src';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store';
import { freshPostgresSchema } from '../libs/testing/src/postgres';
import { newId } from '../libs/kernel/src';

const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-'));
const print = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify({ bench: 'store', ...o }) + '\n');
const round = (x: number) => Math.round(x * 100) / 100;

const payload = { organizationId: '5b7c0d7e-1111-4c1e-9a55-000000000000', day: '2021-03-14', amount: { cents: 1_000_000, currency: 'CAD' }, duty: 'measure-1' };
const event = (): NewEvent => ({
  id: newId(),
  type: 'DailyPenaltyAccrued',
  data: payload,
  metadata: { actor: 'system:penalty-clock', correlationId: 'bench', occurredAt: '2021-03-15T04:00:00.000Z' },
});

function rawBaseline(n: number): number {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, stream TEXT, event_id TEXT UNIQUE, data TEXT)');
  const ins = db.prepare('INSERT INTO t (stream, event_id, data) VALUES (?, ?, ?)');
  const body = JSON.stringify(payload);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) ins.run(`s-${i % 16}`, newId(), body); // autocommit: one transaction per row
  const s = (performance.now() - t0) / 1000;
  db.close();
  return n / s;
}

async function appendRate(store: EventStore, writers: number, perWriter: number, tag: string): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) await store.append(`${tag}-${w}`, [event()], 'any');
    }),
  );
  return (writers * perWriter) / ((performance.now() - t0) / 1000);
}

async function readBack(store: EventStore): Promise<number> {
  const t0 = performance.now();
  let after = 0;
  let n = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 5000 });
    n += page.events.length;
    after = page.nextAfter;
    if (page.isEnd) break;
  }
  return n / ((performance.now() - t0) / 1000);
}

async function prefill(store: EventStore, upTo: number): Promise<void> {
  let have = await store.headPosition();
  while (have < upTo) {
    const n = Math.min(5000, upTo - have);
    await store.append(`fill-${have}`, Array.from({ length: n }, event), 'no_stream');
    have += n;
  }
}

async function main(): Promise<void> {
  const raw = rawBaseline(Number(process.env.BENCH_RAW_ROWS ?? 4000));
  print({ name: 'raw better-sqlite3, 1 row per synchronous=FULL transaction', rowsPerSec: Math.round(raw) });

  const store = new SqliteEventStore(join(dir, 'store.db'));
  await prefill(store, 10_000);
  const one = await appendRate(store, 1, 2000, 'one');
  print({ name: 'sqlite store, 1 writer', storedEvents: 10_000, eventsPerSec: Math.round(one), ratio: round(one / raw) });
  const at10k = await appendRate(store, 16, 500, 'w16a');
  print({ name: 'sqlite store, 16 concurrent writers (group commit)', storedEvents: 10_000, eventsPerSec: Math.round(at10k), ratio: round(at10k / raw), target: '≥ 1.0' });

  const t0 = performance.now();
  await prefill(store, 1_000_000);
  print({ name: 'sqlite store, bulk prefill to 1M events (5000 per append)', seconds: round((performance.now() - t0) / 1000) });
  const at1m = await appendRate(store, 16, 500, 'w16b');
  print({ name: 'sqlite store, 16 concurrent writers at 1M stored', storedEvents: 1_000_000, eventsPerSec: Math.round(at1m), ratio: round(at1m / raw), flatness: round(at1m / at10k), target: 'flatness ≈ 1.0' });
  const read = await readBack(store);
  print({ name: 'sqlite store, readAll of every event (pages of 5000)', eventsPerSec: Math.round(read) });
  await store.close();

  const pgUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (pgUrl) {
    const { url, drop } = await freshPostgresSchema(pgUrl);
    const pg = await PostgresEventStore.open(url, { poolSize: 16 });
    await prefill(pg, 10_000);
    const p1 = await appendRate(pg, 1, 1000, 'one');
    print({ name: 'postgres store, 1 writer', eventsPerSec: Math.round(p1), ratio: round(p1 / raw) });
    const p16 = await appendRate(pg, 16, 250, 'w16');
    print({ name: 'postgres store, 16 concurrent writers', eventsPerSec: Math.round(p16), ratio: round(p16 / raw) });
    print({ name: 'postgres store, readAll', eventsPerSec: Math.round(await readBack(pg)) });
    await pg.close();
    await drop();
  } else {
    print({ name: 'postgres store', skipped: 'set BENCH_POSTGRES_URL or TEST_POSTGRES_URL to measure it' });
  }
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
