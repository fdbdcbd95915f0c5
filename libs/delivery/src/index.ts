export * from './webhooks';
export * from './outbox';
export * from './destination';
export * from './deliveries-projection';
