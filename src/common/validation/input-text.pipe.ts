import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { FieldError, ValidationFailedError } from '../errors';

/**
 * The longest text any field takes when its DTO names no `@MaxLength` of its own. The OpenAPI
 * document publishes it as the `maxLength` of every such string (src/common/openapi/openapi.ts).
 */
export const DEFAULT_MAX_STRING_LENGTH = 10_000;

/** Depth bound so a hostile, deeply nested body cannot exhaust the stack here. */
const MAX_DEPTH = 64;

function check(value: unknown, path: string, out: FieldError[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      out.push({ field: path, message: `${path} must not contain a NUL character` });
    if (value.length > DEFAULT_MAX_STRING_LENGTH)
      out.push({
        field: path,
        message: `${path} must be shorter than or equal to ${DEFAULT_MAX_STRING_LENGTH} characters`,
      });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => check(item, `${path}[${i}]`, out, depth + 1));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (key.includes('\u0000'))
        out.push({ field, message: `${field} must not contain a NUL character` });
      check(item, field, out, depth + 1);
    }
  }
}

/**
 * One global check over body, query and route params, before any DTO: Postgres rejects U+0000 in
 * text (22021) and in jsonb strings (22P05), which would surface as a 500, and a string longer
 * than the documented default would reach the database unbounded. Both are 400 naming the field;
 * a DTO's own, tighter `@MaxLength` is checked after, by the validation pipe.
 */
@Injectable()
export class InputTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const errors: FieldError[] = [];
    // A whole-object argument (@Body(), @Query()) names its fields directly; a single @Param('id') names itself.
    check(value, metadata.data ?? '', errors, 0);
    if (errors.length > 0) throw new ValidationFailedError(errors);
    return value;
  }
}
