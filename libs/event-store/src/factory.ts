import { InvalidArgumentError } from './errors';
import { EsdbEventStore } from './esdb/esdb-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import type { EventStore } from './types';

export interface StoreOptions {
  now?: () => Date;
  pollMs?: number;
}

/**
 * Chooses the backend from a URL: `sqlite:<path>` (or `sqlite::memory:`),
 * `postgres://…` / `postgresql://…`, or `esdb://…` / `esdb+discover://…`.
 */
export async function createEventStore(url: string, options: StoreOptions = {}): Promise<EventStore> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (!path) throw new InvalidArgumentError('EVENT_STORE_URL', 'sqlitePath', 'sqlite: needs a file path, e.g. sqlite:./data/vigie.db');
    return new SqliteEventStore(path, options);
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return PostgresEventStore.open(url, options);
  if (url.startsWith('esdb://') || url.startsWith('esdb+discover://')) return new EsdbEventStore(url, options);
  throw new InvalidArgumentError('EVENT_STORE_URL', 'scheme', 'must start with sqlite:, postgres://, postgresql://, esdb:// or esdb+discover://');
}
