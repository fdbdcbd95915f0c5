import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ev } from '../contract/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';
import { WalCheckpointer } from './wal-checkpointer';

const dir = mkdtempSync(join(tmpdir(), 'vigie-checkpoint-'));

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** About 2 MB of events in 20 commits: half of what SQLite's automatic checkpoint waits for (1,000 pages of 4 kB). */
async function writeTwoMegabytes(store: SqliteEventStore): Promise<void> {
  const big = () => ev('Happened', { text: 'x'.repeat(1_000) });
  for (let c = 0; c < 20; c++) await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(`s-${c}-${i}`, [big()], 'no_stream')));
}

describe('WAL checkpoints off the request thread', () => {
  it('the store’s commits never checkpoint; a worker copies the log into the database file', async () => {
    const path = join(dir, 'store.db');
    const store = new SqliteEventStore(path, { checkpointIntervalMs: 20 });
    expect(store.database.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const empty = statSync(path).size;
    await writeTwoMegabytes(store);
    // Below SQLite's own threshold, and with it turned off: only the worker can have moved the pages.
    await until(() => statSync(path).size > empty + 1_500_000);
    // The worker tells what it copied once its checkpoint is done: its message may follow the file's growth.
    await until(() => (store.checkpointer?.lastCheckpoint?.checkpointed ?? 0) > 0);
    expect(store.checkpointer?.fallenBack).toBe(false);
    expect(await store.headPosition()).toBe(1_000);
    await store.close();
  });

  it('closing the store stops its worker: the log is checkpointed and removed, every event is in the file', async () => {
    const path = join(dir, 'close.db');
    const store = new SqliteEventStore(path, { checkpointIntervalMs: 1_000_000 });
    expect(await store.checkpointer?.ready).toBe(true); // the worker's connection is open: closing the store's alone would leave the log
    await store.append('s', [ev()], 'no_stream');
    expect(existsSync(`${path}-wal`)).toBe(true);
    await store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const check = new Database(path, { readonly: true });
    expect(check.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 1 });
    check.close();
  });

  it('gives the checkpoints back to the connection when its worker cannot run', async () => {
    const db = new Database(join(dir, 'fallback.db'));
    db.pragma('journal_mode = WAL');
    const reasons: Error[] = [];
    const checkpointer = new WalCheckpointer(db, join(dir, 'no-such-directory', 'x.db'), { synchronous: 'FULL', onFallback: (e) => reasons.push(e) });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    expect(await checkpointer.ready).toBe(false);
    expect(checkpointer.fallenBack).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(reasons).toHaveLength(1);
    expect(reasons[0].message).toMatch(/unable to open database file|directory does not exist/);
    await checkpointer.stop();
    db.close();
  });
});
