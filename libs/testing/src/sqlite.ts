import { readFileSync } from 'node:fs';

/**
 * The most frames a SQLite database's write-ahead log has held: SQLite reuses the log file
 * from its start once a checkpoint has copied it all, and never shrinks it (no
 * `journal_size_limit` is set), so the file's size is its high-water mark.
 */
export function walHighWaterFrames(db: string): number {
  const wal = readFileSync(`${db}-wal`);
  const pageSize = wal.readUInt32BE(8);
  return (wal.length - 32) / (24 + pageSize);
}
