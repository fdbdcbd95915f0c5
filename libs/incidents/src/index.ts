export * from './domain/incident';
