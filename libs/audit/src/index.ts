export * from './verify';
export * from './as-of';
