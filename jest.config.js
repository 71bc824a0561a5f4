/** Two projects: fast unit specs beside the code, and e2e specs that boot the app on real services. */
// The Swagger plugin runs in tests too, so the OpenAPI document under test is the one shipped.
const swaggerPlugin = { path: '<rootDir>/test/utils/swagger-transformer.js' };
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', astTransformers: { before: [swaggerPlugin] }, diagnostics: { warnOnly: false } }];
module.exports = {
  testTimeout: 60000,
  forceExit: true,
  reporters: ['default', '<rootDir>/test/utils/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/test/utils/global-setup.ts',
      globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
      testTimeout: 120000,
    },
  ],
};
