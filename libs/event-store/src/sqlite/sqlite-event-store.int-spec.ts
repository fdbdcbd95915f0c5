import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eventStoreContract, ev } from '../contract/event-store.contract';
import { NotAVigieStoreError } from '../errors';
import { createEventStore } from '../factory';
import type { AppendResult } from '../types';
import { walHighWaterFrames } from '@app/testing';
import { WAL_CHECKPOINT_PAGES } from './wal';
import { SqliteEventStore } from './sqlite-event-store';

const dir = mkdtempSync(join(tmpdir(), 'vigie-sqlite-'));
let n = 0;

/**
 * The commits in a database's write-ahead log: the frames that end a transaction (their
 * header gives the database's size after the commit; other frames give 0), counting only
 * the frames of the log's current generation (their salts are the log header's). PRAGMA
 * data_version cannot count commits: it changes once however many were made between two
 * reads.
 */
function commitsInWal(db: string): number {
  const wal = readFileSync(`${db}-wal`);
  const pageSize = wal.readUInt32BE(8);
  let commits = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    const current = wal.readUInt32BE(at + 8) === wal.readUInt32BE(16) && wal.readUInt32BE(at + 12) === wal.readUInt32BE(20);
    if (current && wal.readUInt32BE(at + 4) !== 0) commits++;
  }
  return commits;
}

eventStoreContract('sqlite', {
  async open(now) {
    const path = join(dir, `store-${process.pid}-${n++}.db`);
    return { store: new SqliteEventStore(path, { now, pollMs: 50 }), url: `sqlite:${path}` };
  },
});

describe('sqlite store specifics', () => {
  it('refuses to open a file that is not a SQLite database', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'Ceci n’est pas une base de données. '.repeat(200));
    expect(() => new SqliteEventStore(path)).toThrow(NotAVigieStoreError);
    expect(() => new SqliteEventStore(path)).toThrow(/not a Vigie event store \(the file is not a SQLite database\)/);
  });

  it('refuses to open a SQLite database that belongs to another application', async () => {
    const path = join(dir, 'other-app.db');
    const db = new Database(path);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    db.close();
    expect(() => new SqliteEventStore(path)).toThrow(/other-app\.db is not a Vigie event store/);
    const check = new Database(path);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type='table'").all()).toEqual([{ name: 'customers' }]);
    check.close();
  });

  it('refuses a store written in an older format, naming the version', async () => {
    const path = join(dir, 'old-format.db');
    const db = new Database(path);
    db.exec("CREATE TABLE vigie_store (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO vigie_store VALUES ('format', 'vigie-event-store'), ('format_version', '1');");
    db.close();
    expect(() => new SqliteEventStore(path)).toThrow(/format version 1 is not supported by this release/);
  });

  it('reopens its own file and keeps every event (WAL, synchronous=FULL)', async () => {
    const path = join(dir, 'reopen.db');
    const a = new SqliteEventStore(path);
    await a.append('s', [ev(), ev()], 'no_stream');
    expect(a.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(a.database.pragma('synchronous', { simple: true })).toBe(2);
    await a.close();
    const b = await createEventStore(`sqlite:${path}`);
    expect(await b.readStream('s')).toHaveLength(2);
    await b.close();
  });

  it('copies its write-ahead log into the file every 250 pages, not after SQLite’s default 1,000 (a commit that crosses the mark does the copy, on the serving thread)', async () => {
    const path = join(dir, 'checkpoints.db');
    const store = new SqliteEventStore(path);
    expect(store.database.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_CHECKPOINT_PAGES);
    // Each event is a page of its own (3 kB of data): over 4 × 250 pages, one commit at a time.
    for (let i = 0; i < 4 * WAL_CHECKPOINT_PAGES; i++) await store.append(`big-${i}`, [ev('Happened', { text: `${i} ${'x'.repeat(3000)}` })], 'no_stream');
    expect(store.database.pragma('page_count', { simple: true })).toBeGreaterThan(4 * WAL_CHECKPOINT_PAGES);
    // The log never held much more than 250 pages: it was copied, and started over, as it crossed them.
    const most = walHighWaterFrames(path);
    expect(most).toBeGreaterThanOrEqual(WAL_CHECKPOINT_PAGES);
    expect(most).toBeLessThan(WAL_CHECKPOINT_PAGES + 25);
    await store.close();
  });

  it('groups appends made in the same turn into one transaction, each judged on its own', async () => {
    const path = join(dir, 'group.db');
    const store = new SqliteEventStore(path);
    const before = commitsInWal(path);
    await store.append('seed', [ev()], 'no_stream');
    const afterSeed = commitsInWal(path);
    const results = await Promise.allSettled([
      store.append('a', [ev()], 'no_stream'),
      store.append('b', [ev()], 'no_stream'),
      store.append('seed', [ev()], 'no_stream'), // conflicts: only this one fails
      store.append('c', [ev(), ev()], 'no_stream'),
    ]);
    expect(afterSeed - before).toBe(1);
    expect(commitsInWal(path) - afterSeed).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await store.headPosition()).toBe(5);
    await store.close();
  });

  it('lets an append made in the next turn of the event loop join the waiting group: one commit, not two', async () => {
    const path = join(dir, 'late.db');
    const store = new SqliteEventStore(path);
    await store.append('seed', [ev()], 'no_stream');
    const before = commitsInWal(path);
    const first = store.append('a', [ev()], 'no_stream');
    // Made in the turn after the first append's: what a request read from a socket while the first one was decided would do.
    const late = new Promise<AppendResult>((resolve, reject) => setImmediate(() => store.append('b', [ev()], 'no_stream').then(resolve, reject)));
    const [a, b] = await Promise.all([first, late]);
    expect(commitsInWal(path) - before).toBe(1);
    expect([a.position, b.position]).toEqual([2, 3]);
    // An append alone still commits, after that one turn.
    await store.append('c', [ev()], 'no_stream');
    expect(commitsInWal(path) - before).toBe(2);
    await store.close();
  });

  it('fails a whole group when the disk fills up under one of its appends: nothing written, then every append succeeds once there is room', async () => {
    const store = new SqliteEventStore(join(dir, 'full.db'));
    await store.append('seed', [ev()], 'no_stream');
    const db = store.database;
    // Room for twenty more pages: enough for a small append, not for one of 400 kB (a hundred overflow pages).
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 20}`);
    const small = () => [ev()];
    const large = [ev('Happened', { text: 'x'.repeat(400_000) })];
    // Made in the same turn: one group, one transaction.
    const outcomes = await Promise.allSettled([store.append('a', small(), 'no_stream'), store.append('b', large, 'no_stream'), store.append('c', small(), 'no_stream')]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code?: string }).code : 'written'))).toEqual(['SQLITE_FULL', 'SQLITE_FULL', 'SQLITE_FULL']);
    expect((await store.readAll()).events.map((e) => e.streamId)).toEqual(['seed']);
    // Alone, the small appends fit.
    await store.append('a', small(), 'no_stream');
    await expect(store.append('b', large, 'no_stream')).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    db.pragma('max_page_count = 1073741823');
    await store.append('b', large, 'no_stream');
    await store.append('c', small(), 'no_stream');
    expect((await store.readAll()).events.map((e) => e.streamId)).toEqual(['seed', 'a', 'b', 'c']);
    await store.close();
  });

  it('answers every page size right, past the bound of its statement cache (page sizes are written into the SQL)', async () => {
    const store = new SqliteEventStore(join(dir, 'pages.db'));
    await store.append('s', Array.from({ length: 400 }, () => ev()), 'no_stream');
    for (let size = 1; size <= 400; size++) {
      const forwards = await store.readStream('s', { maxCount: size, fromRevision: 400 - size });
      const backwards = await store.readStream('s', { direction: 'backwards', maxCount: size });
      const all = await store.readAll({ maxCount: size });
      expect([forwards.length, forwards[0].revision, backwards.length, backwards[size - 1].revision, all.events.length]).toEqual([size, 400 - size, size, 400 - size, size]);
    }
    await expect(store.readStream('s', { maxCount: 1.5 })).rejects.toMatchObject({ field: 'options.maxCount' });
    await store.close();
  });

  describe('a stream read whole again', () => {
    /** The events queries of one stream's reads (the head's point read is not one). */
    const eventQueries = (store: SqliteEventStore) => {
      const spy = jest.spyOn(store as unknown as { limited: (sql: string, n?: number) => unknown }, 'limited');
      return () => spy.mock.calls.filter(([sql]) => sql.includes('FROM events WHERE stream_id')).length;
    };
    const data = (events: { data: Record<string, unknown> }[]) => events.map((e) => e.data.i);

    it('reads only what was appended since, by this store or by another connection on the file, and nothing when nothing was', async () => {
      const path = join(dir, `whole-${n++}.db`);
      const store = new SqliteEventStore(path);
      const other = new SqliteEventStore(path);
      await store.append('s', [ev('A', { i: 0 }), ev('A', { i: 1 })], 'no_stream');
      const queries = eventQueries(store);
      expect(data(await store.readStream('s'))).toEqual([0, 1]);
      expect(data(await store.readStream('s'))).toEqual([0, 1]);
      expect(queries()).toBe(1);
      await other.append('s', [ev('A', { i: 2 })], 1);
      await store.append('s', [ev('A', { i: 3 })], 2);
      expect((await store.readStream('s')).map((e) => [e.revision, e.data.i])).toEqual([[0, 0], [1, 1], [2, 2], [3, 3]]);
      expect(queries()).toBe(2);
      await other.close();
      await store.close();
    });

    it('gives every reader events of its own: changing one does not change the next read', async () => {
      const store = new SqliteEventStore(join(dir, `whole-${n++}.db`));
      await store.append('s', [ev('A', { i: 0, nested: { x: 1 } })], 'no_stream');
      const first = await store.readStream('s');
      (first[0].data.nested as { x: number }).x = 99;
      first.push(first[0]);
      expect(await store.readStream('s')).toEqual([expect.objectContaining({ data: { i: 0, nested: { x: 1 } } })]);
      await store.close();
    });

    it('follows deletion, truncation set and lifted, and a maximum age, whatever it read before', async () => {
      let clock = new Date('2026-01-15T12:00:00Z');
      const store = new SqliteEventStore(join(dir, `whole-${n++}.db`), { now: () => clock });
      await store.append('s', [ev('A', { i: 0 }), ev('A', { i: 1 }), ev('A', { i: 2 })], 'no_stream');
      expect(data(await store.readStream('s'))).toEqual([0, 1, 2]);
      await store.setStreamMetadata('s', { truncateBefore: 2 });
      expect(data(await store.readStream('s'))).toEqual([2]);
      await store.setStreamMetadata('s', {});
      expect(data(await store.readStream('s'))).toEqual([0, 1, 2]);
      clock = new Date('2026-01-15T13:00:00Z');
      await store.append('s', [ev('A', { i: 3 })], 2);
      await store.setStreamMetadata('s', { maxAgeSeconds: 1800 });
      expect(data(await store.readStream('s'))).toEqual([3]);
      await store.setStreamMetadata('s', {});
      expect(data(await store.readStream('s'))).toEqual([0, 1, 2, 3]);
      await store.deleteStream('s');
      expect(await store.readStream('s')).toEqual([]);
      await store.append('s', [ev('A', { i: 4 })], 'any');
      expect((await store.readStream('s')).map((e) => [e.revision, e.data.i])).toEqual([[4, 4]]);
      await store.close();
    });
  });

  it('rejects an unknown scheme in the store URL', async () => {
    await expect(createEventStore('mysql://x')).rejects.toMatchObject({ field: 'EVENT_STORE_URL', rule: 'scheme' });
    await expect(createEventStore('sqlite:')).rejects.toMatchObject({ field: 'EVENT_STORE_URL' });
  });
});
