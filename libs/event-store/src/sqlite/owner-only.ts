import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Makes a SQLite database file readable by its owner alone, before SQLite opens it.
 *
 * Vigie's files hold incident facts, and the read models hold the keys that decrypt
 * affected persons' contact details: another account on the machine must not read them.
 * The directory is created owner-only when Vigie creates it; the database file is created
 * 0600, and an existing one (with its WAL and shared-memory files, which SQLite creates
 * with the database file's mode) is brought to 0600.
 */
export function ownerOnlyDatabaseFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}
