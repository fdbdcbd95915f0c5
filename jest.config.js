/**
 * Three tiers (unit specs beside the code, integration specs against real stores,
 * e2e through HTTP in test/) run from one command: `npm test`.
 * @swc/jest compiles TypeScript with decorator metadata; NestJS 12 and jose ship ES
 * modules, so they are transformed too (Jest on Node 20 cannot load them otherwise).
 */
const swc = JSON.parse(require('fs').readFileSync(__dirname + '/.swcrc', 'utf8'));
delete swc.$schema;
const moduleNameMapper = {
  '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', swc] },
  // Judged on the innermost node_modules folder (light-my-request nests an ES-module cookie).
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|jose|file-type|strtok3|token-types|@tokenizer|uint8array-extras|load-esm|cookie|content-disposition)/)(?!.*/node_modules/)'],
  moduleNameMapper,
};
module.exports = {
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
