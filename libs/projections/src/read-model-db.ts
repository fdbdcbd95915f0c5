import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { ownerOnlyDatabaseFile, surviveDroppedConnections, useWriteAheadLog } from '@app/event-store';
import type { Pool } from 'pg';

/** One SQL surface for read models on SQLite (default) or PostgreSQL: `?` placeholders, portable SQL. */
export interface ReadModelTx {
  run(sql: string, params?: unknown[]): Promise<void>;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface ReadModelDb extends ReadModelTx {
  readonly dialect: 'sqlite' | 'postgres';
  transaction<T>(fn: (tx: ReadModelTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS projection_state (
     name TEXT NOT NULL,
     version INTEGER NOT NULL,
     position BIGINT NOT NULL,
     status TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (name, version)
   )`,
  `CREATE TABLE IF NOT EXISTS read_model_docs (
     projection TEXT NOT NULL,
     version INTEGER NOT NULL,
     key TEXT NOT NULL,
     org TEXT,
     status TEXT,
     kind TEXT,
     sort TEXT,
     doc TEXT NOT NULL,
     summary TEXT,
     PRIMARY KEY (projection, version, key)
   )`,
  // Lists are read in (sort, key) order, across organizations or within one: both are index range scans, never a sort of every document.
  `CREATE INDEX IF NOT EXISTS read_model_docs_sorted ON read_model_docs (projection, version, sort, key)`,
  `CREATE INDEX IF NOT EXISTS read_model_docs_org_sorted ON read_model_docs (projection, version, org, sort, key)`,
  `DROP INDEX IF EXISTS read_model_docs_org`,
];

/** Tables created by an earlier release gain the columns added since (the projections' versions then rebuild what needs them). */
const ADDED_COLUMNS: [table: string, column: string, type: string][] = [['read_model_docs', 'summary', 'TEXT']];

/** A promise chain: one transaction at a time on the single SQLite connection. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export class SqliteReadModelDb implements ReadModelDb {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly mutex = new Mutex();
  private readonly cache = new Map<string, Database.Statement>();

  constructor(path: string) {
    if (path !== ':memory:') ownerOnlyDatabaseFile(resolve(path));
    this.db = new Database(path, { timeout: 10_000 });
    useWriteAheadLog(this.db, 'NORMAL'); // read models can always be rebuilt from the store
    for (const s of SCHEMA) this.db.exec(s);
    for (const [table, column, type] of ADDED_COLUMNS) {
      if (!this.db.prepare('SELECT 1 FROM pragma_table_info(?) WHERE name = ?').get(table, column)) this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
    }
  }

  private stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  async run(sql: string, params: unknown[] = []): Promise<void> {
    this.stmt(sql).run(...params);
  }

  async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.stmt(sql).all(...params) as T[];
  }

  transaction<T>(fn: (tx: ReadModelTx) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const r = await fn(this);
        this.db.exec('COMMIT');
        return r;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    });
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => this.db.close());
  }
}

const toPg = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

export class PostgresReadModelDb implements ReadModelDb {
  readonly dialect = 'postgres' as const;
  private constructor(private readonly pool: Pool) {}

  static async open(url: string): Promise<PostgresReadModelDb> {
    // Loaded only for PostgreSQL read models, not at every start (see the event store's factory).
    const { Pool } = require('pg') as typeof import('pg');
    const pool = surviveDroppedConnections(new Pool({ connectionString: url, max: 5 }));
    const c = await pool.connect();
    try {
      await c.query('SELECT pg_advisory_lock(7668)');
      for (const s of SCHEMA) await c.query(s);
      for (const [table, column, type] of ADDED_COLUMNS) await c.query(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} ${type}`);
      await c.query('SELECT pg_advisory_unlock(7668)');
    } finally {
      c.release();
    }
    return new PostgresReadModelDb(pool);
  }

  async run(sql: string, params: unknown[] = []): Promise<void> {
    await this.pool.query(toPg(sql), params);
  }

  async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(toPg(sql), params)).rows as T[];
  }

  async transaction<T>(fn: (tx: ReadModelTx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: ReadModelTx = {
      run: async (sql, params = []) => void (await client.query(toPg(sql), params)),
      all: async <R>(sql: string, params: unknown[] = []) => (await client.query(toPg(sql), params)).rows as R[],
    };
    try {
      await client.query('BEGIN');
      const r = await fn(tx);
      await client.query('COMMIT');
      return r;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** `READ_MODEL_URL` (postgres://…) or, by default, a SQLite file beside the embedded store. */
export async function openReadModelDb(url: string | undefined, dataDir: string): Promise<ReadModelDb> {
  if (url) return PostgresReadModelDb.open(url);
  return new SqliteReadModelDb(resolve(dataDir, 'read-models.db'));
}
