/* eslint-disable @typescript-eslint/no-require-imports, no-undef -- plain CommonJS run by node */
/**
 * Runs the real worker entry (src/worker.ts) in a child process for fault tests (SIGKILL, two
 * workers). TypeScript is transpiled on require with the compiler's transpileModule (no type
 * checking, decorators and their metadata kept), so no build step is needed.
 * The parent passes the environment (DATABASE_URL, REDIS_URL, QUEUE_PREFIX, SMTP_URL, ...);
 * the child says {ready: true} over IPC once the worker is up.
 */
const fs = require('fs');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  allowSyntheticDefaultImports: true,
  resolveJsonModule: true,
};
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};

require('reflect-metadata');
require('../../src/worker')
  .bootstrapWorker()
  .then(() => process.send && process.send({ ready: true, pid: process.pid }))
  .catch((err) => {
    console.error(`worker failed to start: ${err && err.stack}`);
    process.exit(1);
  });
