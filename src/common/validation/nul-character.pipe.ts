import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { FieldError, ValidationFailedError } from '../errors';

/** Depth bound so a hostile, deeply nested body cannot exhaust the stack here. */
const MAX_DEPTH = 64;

function findNul(value: unknown, path: string, out: FieldError[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      out.push({ field: path, message: `${path} must not contain a NUL character` });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => findNul(item, `${path}[${i}]`, out, depth + 1));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (key.includes('\u0000'))
        out.push({ field, message: `${field} must not contain a NUL character` });
      findNul(item, field, out, depth + 1);
    }
  }
}

/**
 * Postgres rejects U+0000 in text (22021) and in jsonb strings (22P05), which would surface as a
 * 500. One global check over body, query and route params turns it into a 400 naming the field.
 */
@Injectable()
export class NulCharacterPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const errors: FieldError[] = [];
    // A whole-object argument (@Body(), @Query()) names its fields directly; a single @Param('id') names itself.
    findNul(value, metadata.data ?? '', errors, 0);
    if (errors.length > 0) throw new ValidationFailedError(errors);
    return value;
  }
}
