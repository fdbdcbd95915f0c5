export * from './snapshot';
export * from './snapshots.service';
