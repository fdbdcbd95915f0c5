export * from './postgres';
export * from './incidents';
