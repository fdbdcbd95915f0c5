export * from './postgres';
export * from './incidents';
export * from './orders';
export * from './sqlite';
