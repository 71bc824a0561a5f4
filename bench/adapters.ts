import * as path from 'path';
import { BENCH, databaseUrl } from './lib/env';
import { load } from './lib/load';
import { startNode, stop, waitForHttp } from './lib/processes';
import { Row, throughputRow } from './lib/results';

/**
 * Scenario `adapters`: would the Fastify adapter win? The same minimal Nest app
 * (bench/adapter-server.ts) on Fastify against Express, running the participants search; then the
 * real API's figure from the `list` scenario shows how much of a request the adapter can be.
 * Informational (no target): it is the evidence for running Silkbridge on Fastify ("if it wins").
 * The Express side needs @nestjs/platform-express, kept as a dev dependency for this alone.
 */
const PATH = '/participants?q=ayesha';

export async function benchAdapters(): Promise<Row[]> {
  const rps: Record<string, number> = {};
  for (const adapter of ['express', 'fastify']) {
    const server = startNode(
      path.resolve(__dirname, 'adapter-server.js'),
      { DATABASE_URL: databaseUrl(), PORT: String(BENCH.barePort) },
      adapter,
      [adapter],
    );
    try {
      const url = `http://127.0.0.1:${BENCH.barePort}${PATH}`;
      await waitForHttp(url);
      await load(url, { connections: 10, duration: 2 });
      const r = await load(url, { connections: BENCH.connections, duration: BENCH.duration });
      if (r.non2xx || r.errors)
        throw new Error(`${adapter}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      rps[adapter] = r.rps;
      console.log(`   minimal Nest on ${adapter}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms`);
    } finally {
      await stop(server);
    }
  }
  return [
    throughputRow(
      'adapters: minimal Nest, Fastify vs Express',
      `req/s (c=${BENCH.connections}, participants ?q=)`,
      rps.fastify,
      rps.express,
      'req/s',
      undefined,
      'same controller and SQL; Silkbridge runs on Fastify (see docs/operations.md)',
    ),
  ];
}
