import 'reflect-metadata';
import { Controller, Get, Module, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Pool } from 'pg';

/**
 * Baseline pair of the `adapters` scenario: the smallest Nest 11 app (one controller, no guard,
 * pipe, logger or ORM) answering the participants search with the same SQL through `pg`, on the
 * Express adapter or the Fastify adapter (argv[2]); so the two differ only in the HTTP adapter.
 *
 * Environment: DATABASE_URL, PORT.
 */
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

@Controller()
class SearchController {
  @Get('participants')
  async list(@Query('q') q = '') {
    const { rows } = await pool.query(
      `SELECT p.id, p.organization_id, p.full_name, p.native_name, p.email, p.phone, p.nationality, p.gender,
              p.date_of_birth, p.version, p.created_at, p.updated_at
         FROM participants p WHERE p.erased_at IS NULL AND p.search_text LIKE $1
        ORDER BY p.created_at ASC, p.id ASC LIMIT 21`,
      [`%${escapeLike(q.normalize('NFC').toLowerCase())}%`],
    );
    return { items: rows.slice(0, 20), nextCursor: rows.length > 20 ? rows[19].id : null };
  }
}

@Module({ controllers: [SearchController] })
class SearchModule {}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3102);
  const app =
    process.argv[2] === 'fastify'
      ? await NestFactory.create<NestFastifyApplication>(SearchModule, new FastifyAdapter(), {
          logger: false,
        })
      : await NestFactory.create(SearchModule, { logger: false });
  app.enableShutdownHooks();
  await app.listen(port, '127.0.0.1');
}

void main();
