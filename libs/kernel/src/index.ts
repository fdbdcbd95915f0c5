export * from './errors';
export * from './clock';
export * from './money';
export * from './montreal';
export * from './decider';
export * from './ids';
export * from './instant';
export * from './horizon';
