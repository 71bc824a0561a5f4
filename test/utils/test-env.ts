import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** Server URLs the test run uses (override with TEST_PG_URL / TEST_REDIS_URL). */
export const PG_SERVER = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The template database is named after the migrations' content, so a changed migration rebuilds it. */
export function templateName(): string {
  const dir = path.resolve(__dirname, '..', '..', 'migrations');
  const hash = createHash('sha256');
  for (const f of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    hash.update(f).update(fs.readFileSync(path.join(dir, f)));
  }
  return `sb_tpl_${hash.digest('hex').slice(0, 12)}`;
}

export const dbUrl = (name: string) => `${PG_SERVER}/${name}`;
