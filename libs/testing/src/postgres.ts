import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL suites run when TEST_POSTGRES_URL names a server (CI sets it; see .ci/run). */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL;

/**
 * A throw-away schema on the test server, so every test starts empty and tests in
 * parallel never see each other. Returns a URL whose connections use that schema.
 */
export async function freshPostgresSchema(base = TEST_POSTGRES_URL!): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const sep = base.includes('?') ? '&' : '?';
  const url = `${base}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    url,
    drop: async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** Terminates every other server connection that uses the given schema (a dropped connection, as a network fault would). */
export async function terminateConnections(base = TEST_POSTGRES_URL!): Promise<number> {
  const c = new Client({ connectionString: base });
  await c.connect();
  const r = await c.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND application_name = ''`,
  );
  await c.end();
  return r.rowCount ?? 0;
}
