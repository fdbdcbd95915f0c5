export * from './postgres';
export * from './incidents';
export * from './orders';
