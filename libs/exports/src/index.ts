export * from './labels';
export * from './register-export';
export * from './ledger-export';
export * from './spreadsheet';
