import { InvalidArgumentError } from './errors';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import type { EventStore } from './types';

export interface StoreOptions {
  now?: () => Date;
  pollMs?: number;
}

/**
 * Chooses the backend from a URL: `sqlite:<path>` (or `sqlite::memory:`),
 * `postgres://…` / `postgresql://…`, or `esdb://…` / `esdb+discover://…`.
 *
 * The PostgreSQL and EventStoreDB adapters are loaded only when their URL is chosen: their
 * clients (pg; @eventstore/db-client with gRPC and protobuf, about 180 modules) took 190 ms
 * of every start on the embedded store (bench/README.md, "The gateway as it ships, and a
 * cold start counted from the spawn"). For the same reason the package's index does not
 * export them: import them by path.
 */
export async function createEventStore(url: string, options: StoreOptions = {}): Promise<EventStore> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (!path) throw new InvalidArgumentError('EVENT_STORE_URL', 'sqlitePath', 'sqlite: needs a file path, e.g. sqlite:./data/vigie.db');
    return new SqliteEventStore(path, options);
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { PostgresEventStore } = require('./postgres/postgres-event-store') as typeof import('./postgres/postgres-event-store');
    return PostgresEventStore.open(url, options);
  }
  if (url.startsWith('esdb://') || url.startsWith('esdb+discover://')) {
    const { EsdbEventStore } = require('./esdb/esdb-event-store') as typeof import('./esdb/esdb-event-store');
    return new EsdbEventStore(url, options);
  }
  throw new InvalidArgumentError('EVENT_STORE_URL', 'scheme', 'must start with sqlite:, postgres://, postgresql://, esdb:// or esdb+discover://');
}
