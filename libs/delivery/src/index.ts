export * from './webhooks';
export * from './outbox';
export * from './destination';
