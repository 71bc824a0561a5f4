import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { spawnSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { AppModule } from './app.module';
import { setApiPrefix } from './common/http/configure-app';
import { buildOpenApi } from './common/openapi/openapi';

const ROOT = join(__dirname, '..');
/** Where the document is written for Spectral (and for a reader): `npm run openapi:lint`. */
const OUT = join(ROOT, 'dist-openapi', 'openapi.json');

/**
 * The OpenAPI document as shipped, built without a server: a preview application resolves the
 * routes and their metadata but constructs no provider, so no database or Redis is needed.
 */
describe('the OpenAPI document', () => {
  let doc: OpenAPIObject;
  beforeAll(async () => {
    const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
      preview: true,
      logger: false,
    });
    setApiPrefix(app);
    doc = buildOpenApi(app);
    await app.close();
    mkdirSync(join(ROOT, 'dist-openapi'), { recursive: true });
    writeFileSync(OUT, JSON.stringify(doc, null, 2));
  }, 120_000);

  it('gives every operation a summary and a tag the document declares', () => {
    const declared = new Set((doc.tags ?? []).map((t) => t.name));
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(item) as [
        string,
        { summary?: string; tags?: string[] },
      ][]) {
        if (!op?.summary?.trim()) missing.push(`${method.toUpperCase()} ${path}: no summary`);
        if (op?.tags?.length !== 1 || !declared.has(op.tags[0]))
          missing.push(`${method.toUpperCase()} ${path}: tags ${JSON.stringify(op?.tags)}`);
      }
    expect(missing).toEqual([]);
  });

  it('passes Spectral (spectral:oas and the OWASP ruleset) without an error', () => {
    const cli = require.resolve('@stoplight/spectral-cli/dist/index.js');
    const run = spawnSync(
      process.execPath,
      [
        cli,
        'lint',
        OUT,
        '--ruleset',
        join(ROOT, '.spectral.yaml'),
        '--fail-severity',
        'error',
        '-D',
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 180_000 },
    );
    // The report itself is the failure message: each error with its rule and JSON path.
    if (run.status !== 0) throw new Error(`Spectral (${run.status}):\n${run.stdout}${run.stderr}`);
  }, 200_000);
});
