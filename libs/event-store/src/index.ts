export * from './types';
export * from './errors';
export * from './factory';
export * from './subscription';
export * from './integrity';
export { SqliteEventStore } from './sqlite/sqlite-event-store';
export { ownerOnlyDatabaseFile } from './sqlite/owner-only';
export { useWriteAheadLog, WAL_CHECKPOINT_PAGES } from './sqlite/wal';
// The PostgreSQL and EventStoreDB adapters are imported by path (see `createEventStore`).
export { surviveDroppedConnections } from './postgres/pool';
export * from './decider-runner';
export { EventStoreModule } from './event-store.module';
