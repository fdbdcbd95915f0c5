export * from './verify';
export * from './as-of';
export * from './audit.queries';
