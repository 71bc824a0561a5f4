import { EntityManager, EntityTarget } from 'typeorm';
import { NotFoundError, VersionConflictError } from '../errors';

/**
 * Optimistic update: `UPDATE … SET …, version = version + 1 WHERE id = $1 [AND version = $2]`.
 * TypeORM's save() does not check the version, so every PATCH goes through here.
 * `set` maps column names (snake_case) to values; `scope` adds a tenancy condition such as
 * `organization_id = $x`, so a record of another organisation reads as not found.
 * Returns the updated row (raw, snake_case).
 */
export async function updateVersioned(
  manager: EntityManager,
  table: string,
  id: string,
  expectedVersion: number | undefined,
  set: Record<string, unknown>,
  entityLabel = 'Record',
  scope?: { sql: string; params: unknown[] },
): Promise<Record<string, unknown>> {
  const columns = Object.keys(set);
  const params: unknown[] = [id];
  const assignments = columns.map((col) => {
    params.push(set[col]);
    return `"${col}" = $${params.length}`;
  });
  assignments.push('version = version + 1', 'updated_at = now()');
  let where = 'id = $1';
  if (expectedVersion !== undefined) {
    params.push(expectedVersion);
    where += ` AND version = $${params.length}`;
  }
  if (scope) {
    const offset = params.length;
    where += ` AND (${scope.sql.replace(/\$(\d+)/g, (_, n) => `$${Number(n) + offset}`)})`;
    params.push(...scope.params);
  }
  const rows: Record<string, unknown>[] = await manager.query(
    `UPDATE ${table} SET ${assignments.join(', ')} WHERE ${where} RETURNING *`,
    params,
  );
  // node-postgres returns [rows, count] for UPDATE … RETURNING through TypeORM
  const updated = Array.isArray(rows[0]) ? (rows[0] as Record<string, unknown>[]) : rows;
  if (updated.length > 0) return updated[0];
  const scopeSql = scope
    ? ` AND (${scope.sql.replace(/\$(\d+)/g, (_, n) => `$${Number(n) + 1}`)})`
    : '';
  const existing: { version: number }[] = await manager.query(
    `SELECT version FROM ${table} WHERE id = $1${scopeSql}`,
    [id, ...(scope?.params ?? [])],
  );
  if (existing.length === 0) throw new NotFoundError(entityLabel);
  throw new VersionConflictError(existing[0].version);
}

/**
 * {@link updateVersioned} for an entity: `patch` names entity fields (camelCase), mapped to
 * their columns through TypeORM's metadata, so a renamed column changes in the entity only.
 * For repositories; services pass fields, never column names.
 */
export async function updateEntityVersioned<E extends object>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  id: string,
  expectedVersion: number | undefined,
  patch: Partial<E>,
  entityLabel = 'Record',
  scope?: { sql: string; params: unknown[] },
): Promise<Record<string, unknown>> {
  const meta = manager.connection.getMetadata(entity);
  const set: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const column = meta.findColumnWithPropertyName(field);
    if (!column) throw new Error(`${meta.name} has no column for field ${field}`);
    // jsonb values go as JSON text: node-postgres would send a JS array as a Postgres array.
    set[column.databaseName] =
      column.type === 'jsonb' && value !== null ? JSON.stringify(value) : value;
  }
  return updateVersioned(manager, meta.tablePath, id, expectedVersion, set, entityLabel, scope);
}
