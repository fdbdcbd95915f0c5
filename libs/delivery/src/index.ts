export * from './webhooks';
export * from './outbox';
