import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { getManyLean } from '../database/get-many-lean';
import { InvalidCursorError } from '../errors';
import { ToInt } from '../validation/validators';

/** `?limit=20&cursor=...`; the cursor is the id of the last item of the previous page. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PaginateOptions {
  /** Column to order by (snake_case, on the main alias); ties are broken by id. */
  column?: string;
  direction?: 'ASC' | 'DESC';
}

/**
 * Keyset pagination over (column, id). The cursor row's own values are read by a sub-select,
 * so timestamps keep Postgres' microsecond precision and the (column, id) index is used.
 */
export async function paginate<E extends ObjectLiteral, R>(
  qb: SelectQueryBuilder<E>,
  page: PageQueryDto,
  map: (entity: E) => R,
  options: PaginateOptions = {},
): Promise<Page<R>> {
  const limit = page.limit ?? 20;
  const alias = qb.alias;
  const column = options.column ?? 'created_at';
  const direction = options.direction ?? 'ASC';
  const table = qb.expressionMap.mainAlias!.metadata.tableName;
  if (page.cursor) {
    // The cursor must be a row of this very list (same tenancy scope and filters): the sub-select
    // below reads the cursor row unscoped, so another organisation's id would otherwise answer
    // differently from an unknown one. Every list gets this check here, none needs its own.
    const inList = await qb
      .clone()
      .andWhere(`${alias}.id = :__cursor`, { __cursor: page.cursor })
      .getExists();
    if (!inList) throw new InvalidCursorError();
    const op = direction === 'ASC' ? '>' : '<';
    qb.andWhere(
      `(${alias}.${column}, ${alias}.id) ${op} (SELECT c.${column}, c.id FROM ${table} c WHERE c.id = :__cursor)`,
      { __cursor: page.cursor },
    );
  }
  qb.orderBy(`${alias}.${column}`, direction)
    .addOrderBy(`${alias}.id`, direction)
    .take(limit + 1);
  const rows = await getManyLean(qb);
  const hasMore = rows.length > limit;
  const items = rows.slice(0, limit);
  return {
    items: items.map(map),
    nextCursor: hasMore ? (items[items.length - 1] as unknown as { id: string }).id : null,
  };
}
