export * from './rule-pack';
export * from './obligations';
export * from './loader';
export * from './rules.module';
