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

/** A half-open range `[from, to)` of a list's order column; null leaves that end open. */
export interface KeyWindow {
  from: Date | null;
  to: Date | null;
}

export interface PaginateOptions {
  /** Column to order by (snake_case, on the main alias); ties are broken by id. */
  column?: string;
  direction?: 'ASC' | 'DESC';
  /**
   * Ascending, disjoint ranges of the order column that together hold every row. The page is
   * read one window at a time, each its own statement, and reading stops once the page is full:
   * an index split by the same ranges (one partial index per window) is then read only as far
   * as the page needs, instead of whole for every page. Default: one window, one statement.
   */
  windows?: readonly KeyWindow[];
}

const WHOLE: readonly KeyWindow[] = [{ from: null, to: null }];

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
  let cursorAt: Date | undefined;
  if (page.cursor) {
    // The cursor must be a row of this very list (same tenancy scope and filters): the sub-select
    // below reads the cursor row unscoped, so another organisation's id would otherwise answer
    // differently from an unknown one. Every list gets this check here, none needs its own.
    const cursorRow = await qb
      .clone()
      .select(`${alias}.${column}`, 'at')
      .andWhere(`${alias}.id = :__cursor`, { __cursor: page.cursor })
      .limit(1)
      .getRawOne<{ at: Date }>();
    if (!cursorRow) throw new InvalidCursorError();
    cursorAt = cursorRow.at;
    const op = direction === 'ASC' ? '>' : '<';
    qb.andWhere(
      `(${alias}.${column}, ${alias}.id) ${op} (SELECT c.${column}, c.id FROM ${table} c WHERE c.id = :__cursor)`,
      { __cursor: page.cursor },
    );
  }
  const windows = options.windows ?? WHOLE;
  const rows: E[] = [];
  for (const window of direction === 'ASC' ? windows : [...windows].reverse()) {
    if (cursorAt && behindCursor(window, cursorAt, direction)) continue;
    const windowQb = windows === WHOLE ? qb : qb.clone();
    if (window.from) windowQb.andWhere(`${alias}.${column} >= :__from`, { __from: window.from });
    if (window.to) windowQb.andWhere(`${alias}.${column} < :__to`, { __to: window.to });
    windowQb
      .orderBy(`${alias}.${column}`, direction)
      .addOrderBy(`${alias}.id`, direction)
      .take(limit + 1 - rows.length);
    rows.push(...(await getManyLean(windowQb)));
    if (rows.length > limit) break;
  }
  const hasMore = rows.length > limit;
  const items = rows.slice(0, limit);
  return {
    items: items.map(map),
    nextCursor: hasMore ? (items[items.length - 1] as unknown as { id: string }).id : null,
  };
}

/**
 * Whether every row of `window` lies before the cursor in the list's order. The cursor's value
 * comes to JavaScript cut to milliseconds (Postgres keeps microseconds); window bounds are whole
 * milliseconds, so the cut never skips a window that still holds rows after the cursor.
 */
function behindCursor(window: KeyWindow, cursorAt: Date, direction: 'ASC' | 'DESC'): boolean {
  return direction === 'ASC'
    ? window.to !== null && window.to.getTime() <= cursorAt.getTime()
    : window.from !== null && window.from.getTime() > cursorAt.getTime();
}
