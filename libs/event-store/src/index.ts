export * from './types';
export * from './errors';
export * from './factory';
export * from './subscription';
export { SqliteEventStore } from './sqlite/sqlite-event-store';
export { PostgresEventStore } from './postgres/postgres-event-store';
export { EsdbEventStore } from './esdb/esdb-event-store';
export * from './decider-runner';
export { EventStoreModule } from './event-store.module';
