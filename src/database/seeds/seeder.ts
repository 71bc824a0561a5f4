import type { EntityManager } from 'typeorm';

/** Facts shared between seeders, filled as they run in order. */
export interface SeedContext {
  /** Ids by a stable key, e.g. `city:Gwadar`, `user:coordinator`, `org:Hunza Relief Foundation`. */
  ids: Map<string, string>;
  /** Demo passwords, printed by the demo command. */
  credentials: { email: string; password: string; role: string }[];
}

/**
 * One domain's demo data from the essays. Must be idempotent: look rows up by natural key
 * (or INSERT … ON CONFLICT DO NOTHING) so running the seed twice adds nothing.
 */
export interface Seeder {
  name: string;
  run(manager: EntityManager, ctx: SeedContext): Promise<void>;
}

/** Returns the id of the row found by `lookup`, or inserts it with `insert`. */
export async function findOrInsert(
  manager: EntityManager,
  lookup: { sql: string; params: unknown[] },
  insert: { sql: string; params: unknown[] },
): Promise<string> {
  const found: { id: string }[] = await manager.query(lookup.sql, lookup.params);
  if (found.length > 0) return found[0].id;
  const inserted: { id: string }[] = await manager.query(insert.sql, insert.params);
  return inserted[0].id;
}
