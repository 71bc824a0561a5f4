/** Two projects: fast unit specs beside the code, and e2e specs that boot the app on real services. */
// The Swagger plugin runs in tests too, so the OpenAPI document under test is the one shipped.
const swaggerPlugin = { path: '<rootDir>/test/utils/swagger-transformer.js' };
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', astTransformers: { before: [swaggerPlugin] }, diagnostics: { warnOnly: false } }];
// @fastify/static (Swagger UI, Bull Board) requires content-disposition 3, which ships ES modules
// only. Node 20.19+ loads it with require(esm); Jest 30 on Node 20 cannot, so Jest compiles it.
const esmOnly = ['content-disposition'];
const transform = {
  '^.+\\.ts$': tsJest,
  [`/node_modules/(${esmOnly.join('|')})/.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' }, diagnostics: false }],
};
const transformIgnorePatterns = [`^(?!.*/node_modules/(${esmOnly.join('|')})/).*/node_modules/`];
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
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/utils/global-setup.ts',
      globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
      testTimeout: 120000,
    },
  ],
};
