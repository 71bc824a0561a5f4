import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'fs';
import * as path from 'path';

/** Where `npm run build` puts the web app (web/vite.config.ts), from src/ or dist/ alike. */
export const WEB_DIST = path.resolve(__dirname, '..', '..', '..', 'web', 'dist');

/** Paths that belong to the API: unknown ones answer the API's JSON 404, never the app. */
const API_PATHS = /^\/(api|health)(\/|$)/i;

/**
 * Serves the built web app at `/` from the API process (same origin as /api/v1, so no CORS and
 * the refresh cookie stays SameSite=Strict). Vite names assets by content hash, so they are
 * cached for a year; index.html is revalidated each time so a deploy shows at once. Brotli and
 * gzip copies are made at build time (web/scripts/compress.mjs) and picked by Accept-Encoding.
 * Any other GET outside the API is a client-side route (a deep link such as /programs/<id>)
 * and answers index.html. Without a built app (API-only runs) nothing is mounted.
 */
export async function serveWebApp(app: NestFastifyApplication, root = WEB_DIST): Promise<boolean> {
  const indexFile = path.join(root, 'index.html');
  if (!existsSync(indexFile)) return false;
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, file) => {
      void reply.header(
        'Cache-Control',
        /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/*', (req, reply) => {
    if (API_PATHS.test(req.url)) return reply.callNotFound();
    return reply.sendFile('index.html');
  });
  return true;
}
