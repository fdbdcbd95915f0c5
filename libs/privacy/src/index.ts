export * from './person-vault';
