import type Database from 'better-sqlite3';

/**
 * How many pages SQLite's write-ahead log may hold before a commit copies it into the
 * database file (SQLite's automatic checkpoint; its default is 1,000 pages). That copy runs
 * inside the commit that crosses the threshold, on the thread that serves requests, and takes
 * about 12 µs a page on the benchmarks' hosts: at 1,000 pages, a projection batch (12 to
 * 22 ms) or a group commit (6 to 12 ms) held the event loop several times a second under
 * the command's load, and every request in flight waited for it. At 250 pages each copy
 * takes 3 to 8 ms, for about the same pages copied in all (bench/README.md, "Shorter
 * checkpoints").
 */
export const WAL_CHECKPOINT_PAGES = 250;

/**
 * Write-ahead logging for a Vigie database: readers never wait for the writer, the log is
 * copied into the file in short steps (`WAL_CHECKPOINT_PAGES`), and `synchronous` says
 * when a commit reaches the disk: `FULL` for the event store (a commit acknowledged is
 * durable), `NORMAL` for read models (rebuilt from the store if a power cut loses one).
 */
export function useWriteAheadLog(db: Database.Database, synchronous: 'FULL' | 'NORMAL'): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
}
