import { EntityMetadata, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { DriverUtils } from 'typeorm/driver/DriverUtils';

type ColumnsOfAlias = [alias: string, column: ColumnMetadata][];
const columnCache = new WeakMap<EntityMetadata, Map<string, ColumnsOfAlias>>();

/**
 * `qb.getMany()` for the common case of one table and all its columns, which is every list
 * page: the same SQL through `getRawMany()`, and each row made into its entity the way TypeORM's
 * result transformer does (same constructor path, same per-value conversion, so `date`
 * columns stay strings and transformers apply). TypeORM's transformer is general (joins,
 * relation ids, row grouping) and was the largest single cost of a list request in the
 * profiles (docs/operations.md); anything it would do more than this goes to `getMany()`.
 */
export async function getManyLean<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
): Promise<E[]> {
  const columns = plainColumns(qb);
  if (!columns) return qb.getMany();
  const metadata = qb.expressionMap.mainAlias!.metadata;
  const driver = qb.connection.driver;
  const rows: Record<string, unknown>[] = await qb.getRawMany();
  return rows.map((row) => {
    const entity = metadata.create(undefined, { fromDeserializer: true }) as E;
    for (const [alias, column] of columns) {
      const value = row[alias];
      if (value !== undefined)
        column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
    }
    return entity;
  });
}

/** The (result alias, column) pairs to copy, or null when this query needs TypeORM's transformer. */
function plainColumns<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>): ColumnsOfAlias | null {
  const map = qb.expressionMap;
  const main = map.mainAlias;
  if (!main?.hasMetadata) return null;
  const metadata = main.metadata;
  if (
    map.joinAttributes.length > 0 ||
    map.relationIdAttributes.length > 0 ||
    map.selects.length !== 1 ||
    map.selects[0].selection !== main.name ||
    map.lockMode === 'optimistic' ||
    map.options.includes('create-pojo') ||
    metadata.discriminatorColumn ||
    metadata.childEntityMetadatas.length > 0 ||
    metadata.lazyRelations.length > 0 ||
    metadata.relationIds.length > 0 ||
    metadata.afterLoadListeners.length > 0 ||
    qb.connection.subscribers.length > 0
  )
    return null;
  let byAlias = columnCache.get(metadata);
  if (!byAlias) columnCache.set(metadata, (byAlias = new Map()));
  let columns = byAlias.get(main.name);
  if (!columns) {
    columns = metadata.columns
      .filter((c) => !c.isVirtual)
      .map((c) => [
        DriverUtils.buildAlias(qb.connection.driver, undefined, main.name, c.databaseName),
        c,
      ]);
    byAlias.set(main.name, columns);
  }
  return columns;
}
