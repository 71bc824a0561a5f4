import { hasMessage, Locale, MessageParams, translate } from './i18n';

/** `Aid project` → `aidProject`: the catalogue key of an entity name NotFoundError was given. */
const entityKey = (entity: string) =>
  entity
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''));

/** The numbers and words a code's message may name, read from the error's `details`. */
function paramsFrom(details: unknown, own?: Record<string, string | number>): MessageParams {
  const params: MessageParams = {};
  if (Array.isArray(details)) params.count = details.length;
  else if (details && typeof details === 'object')
    for (const [k, v] of Object.entries(details as Record<string, unknown>))
      if (typeof v === 'string' || typeof v === 'number') params[k] = v;
  return { ...params, ...(own ?? {}) };
}

export interface LocalizableError {
  code: string;
  message: string;
  details?: unknown;
  messageParams?: Record<string, string | number>;
}

/**
 * The `message` of an error body in `locale`, from `errors.<CODE>`. English keeps the message
 * the code was thrown with (it is often more specific: "Program not found"); other languages
 * get the code's catalogue text. Field-level `details` are not translated: they name fields and
 * rules for programs; clients translate the `code`, or show the English detail.
 */
export function localizedErrorMessage(error: LocalizableError, locale: Locale): string {
  if (locale === 'en') return error.message;
  const key = `errors.${error.code}`;
  if (!hasMessage(locale, key)) return error.message;
  const params = paramsFrom(error.details, error.messageParams);
  if (error.code === 'NOT_FOUND') {
    const entity = typeof params.entity === 'string' ? entityKey(params.entity) : 'record';
    params.entity = translate(
      locale,
      hasMessage(locale, `entities.${entity}`) ? `entities.${entity}` : 'entities.record',
    );
  }
  const message = translate(locale, key, params);
  // A placeholder without a value (a detail missing) comes back unformatted: the English
  // message is better than a half-made one.
  return UNFILLED.test(message) ? error.message : message;
}

const UNFILLED = /\{\s*\w+\s*[,}]/;
