export * from './person-vault';
export * from './affected-persons';
