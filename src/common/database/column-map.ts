/**
 * A repository's typed field → column mapping for {@link updateVersioned}: services pass
 * camelCase fields, the repository that owns the table names its columns, so a renamed column
 * is changed in one place and a misspelt field fails to compile.
 */
export type ColumnMap<F> = { readonly [K in keyof F]-?: string };

/** The `set` of {@link updateVersioned}: only the fields present (undefined means unchanged). */
export function toColumns<F extends object>(
  map: ColumnMap<F>,
  fields: Partial<F>,
): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const key of Object.keys(fields) as (keyof F)[]) {
    const value = fields[key];
    if (value !== undefined) set[map[key]] = value;
  }
  return set;
}
