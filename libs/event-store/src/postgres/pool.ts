import type { Pool } from 'pg';

/**
 * A client dropped by the server or the network must not end the process. Idle, the pool
 * replaces it (pg-pool's own `error` event). Held between two statements of a transaction,
 * it emits `error` with no listener of pg-pool's: its next statement fails instead, the
 * transaction rolls back, and the pool discards the client on release.
 */
export function surviveDroppedConnections(pool: Pool): Pool {
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
