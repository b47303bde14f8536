// Three levels of tests, told apart by file suffix (docs/architecture.md):
//   *.spec.ts      pure deciders, projections, adapters on SQLite — fast, most tests
//   *.int-spec.ts  the Nest app over HTTP on a temp SQLite file
//   *.e2e-spec.ts  EventStoreDB under testcontainers (skipped, with a reason, without Docker)
const swc = ['@swc/jest', require('./swc.options.cjs')];

const moduleNameMapper = {
  '^@ledger/kernel$': '<rootDir>/libs/kernel/src',
  '^@ledger/event-store$': '<rootDir>/libs/event-store/src',
  '^@ledger/partners$': '<rootDir>/libs/partners/src',
  '^@ledger/partners/domain$': '<rootDir>/libs/partners/src/domain.ts',
  '^@ledger/partnerships$': '<rootDir>/libs/partnerships/src',
  '^@ledger/partnerships/domain$': '<rootDir>/libs/partnerships/src/domain.ts',
  '^@ledger/customers$': '<rootDir>/libs/customers/src',
  '^@ledger/customers/domain$': '<rootDir>/libs/customers/src/domain.ts',
  '^@ledger/subscriptions$': '<rootDir>/libs/subscriptions/src',
  '^@ledger/subscriptions/domain$': '<rootDir>/libs/subscriptions/src/domain.ts',
  '^@ledger/projections$': '<rootDir>/projections',
  '^@ledger/api$': '<rootDir>/apps/ledger-api/src',
};

const common = {
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.spec.ts'], testPathIgnorePatterns: ['/node_modules/', '/dist/'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/**/*.int-spec.ts'], testPathIgnorePatterns: ['/node_modules/', '/dist/'] },
    {
      ...common,
      displayName: 'esdb',
      testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      // One EventStoreDB (testcontainers) per run, or one line saying why the suite is skipped.
      globalSetup: '<rootDir>/libs/event-store/src/esdb/testing/esdb-global-setup.test-support.ts',
      globalTeardown: '<rootDir>/libs/event-store/src/esdb/testing/esdb-global-teardown.test-support.ts',
    },
  ],
};
