export * from './principal';
export * from './keys';
export * from './tokens';
export * from './api-keys';
export * from './access';
