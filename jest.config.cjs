/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    }],
  },
  // Examples import the package by name, as users do; inside the repo the name maps to src/.
  moduleNameMapper: {
    '^kraken-rx$': '<rootDir>/src/index.ts',
    '^kraken-rx/(operators|simulator|testing)$': '<rootDir>/src/$1/index.ts',
  },
  detectOpenHandles: true,
  testTimeout: 20000,
  reporters: ['default', '<rootDir>/test/support/totalsReporter.cjs'],
};
