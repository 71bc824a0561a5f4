import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

/** The web app's typed client schema, generated from the API's own OpenAPI document. */
export const WEB_CLIENT_SCHEMA = path.resolve(
  __dirname,
  '..',
  '..',
  'web',
  'src',
  'lib',
  'api',
  'schema.d.ts',
);

/** Runs openapi-typescript's CLI (an ES module jest cannot load) on the document. */
export function renderClientSchema(doc: object): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-openapi-'));
  try {
    const input = path.join(dir, 'openapi.json');
    const output = path.join(dir, 'schema.d.ts');
    writeFileSync(input, JSON.stringify(doc));
    const cli = path.join(
      path.dirname(require.resolve('openapi-typescript/package.json')),
      'bin',
      'cli.js',
    );
    execFileSync(process.execPath, [cli, input, '--alphabetize', '-o', output], {
      stdio: 'pipe',
    });
    return readFileSync(output, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * With UPDATE_WEB_CLIENT=1 (`npm run web:client`) writes the schema; otherwise answers whether
 * the checked-in one still matches, so an API change fails the tests instead of a user's screen.
 */
export function checkOrWriteClientSchema(doc: object): { fresh: boolean } {
  const rendered = renderClientSchema(doc);
  if (process.env.UPDATE_WEB_CLIENT === '1') {
    writeFileSync(WEB_CLIENT_SCHEMA, rendered);
    return { fresh: true };
  }
  let current = '';
  try {
    current = readFileSync(WEB_CLIENT_SCHEMA, 'utf8');
  } catch {
    // missing counts as stale
  }
  return { fresh: current === rendered };
}
