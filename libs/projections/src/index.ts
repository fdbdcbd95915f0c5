export * from './projection';
export * from './read-model-db';
export * from './runner';
export * from './aggregate-projections';
export * from './snapshots-projection';
export * from './views';
export * from './projections.tokens';
export * from './application/queries';
export { ProjectionsModule } from './projections.module';
