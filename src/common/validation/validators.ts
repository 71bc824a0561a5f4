import { Transform } from 'class-transformer';
import { Matches, registerDecorator, ValidationOptions } from 'class-validator';

const COUNTRY_CODES = new Set(
  // Intl knows every ISO 3166-1 region; regionNames echoes back unknown codes unchanged.
  Array.from({ length: 26 * 26 }, (_, i) =>
    String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26)),
  ).filter((code) => {
    try {
      const name = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(code);
      return !!name && name !== code && !['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ'].includes(code);
    } catch {
      return false;
    }
  }),
);
const CURRENCY_CODES = new Set(Intl.supportedValuesOf('currency'));
const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone').concat(['UTC', 'Etc/UTC']));

export function isCountryCode(v: unknown): boolean {
  return typeof v === 'string' && COUNTRY_CODES.has(v);
}
export function isCurrencyCode(v: unknown): boolean {
  return typeof v === 'string' && /^[A-Z]{3}$/.test(v) && CURRENCY_CODES.has(v);
}
export function isTimeZone(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  if (TIME_ZONES.has(v)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: v });
    return v.includes('/');
  } catch {
    return false;
  }
}
/** A real calendar date `YYYY-MM-DD` (rejects 2024-02-30). */
export function isDateOnly(v: unknown): boolean {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}
/** ISO 8601 timestamp that states its zone (`Z` or `+05:00`). */
export function isZonedTimestamp(v: unknown): boolean {
  return (
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
    !Number.isNaN(Date.parse(v)) &&
    isDateOnly(v.slice(0, 10))
  );
}

function simple(name: string, test: (v: unknown) => boolean, message: string) {
  return (options?: ValidationOptions) => (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { message, ...options },
      validator: { validate: (v: unknown) => test(v) },
    });
}

export const IsCountryCode = simple(
  'isCountryCode',
  isCountryCode,
  '$property must be an ISO 3166-1 alpha-2 country code (e.g. PK)',
);
export const IsCurrencyCode = simple(
  'isCurrencyCode',
  isCurrencyCode,
  '$property must be an ISO 4217 currency code (e.g. PKR)',
);
export const IsTimeZone = simple(
  'isTimeZone',
  isTimeZone,
  '$property must be an IANA time zone (e.g. Asia/Karachi)',
);
export const IsDateOnly = simple('isDateOnly', isDateOnly, '$property must be a date YYYY-MM-DD');
export const IsZonedTimestamp = simple(
  'isZonedTimestamp',
  isZonedTimestamp,
  '$property must be an ISO 8601 timestamp with a zone',
);

/** Decimal string with up to 2 decimals, never a float. */
export const IsDecimalString = (options?: ValidationOptions) =>
  Matches(/^-?\d{1,16}(\.\d{1,2})?$/, {
    message: '$property must be a decimal string such as "12500.00"',
    ...options,
  });

/** Stores text NFC-normalised and trimmed; leaves non-strings for the validators to reject. */
export const Nfc = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value));

/** Explicit query-string integer: "20" → 20; anything else stays as is and fails @IsInt. */
export const ToInt = () =>
  Transform(({ value }) =>
    typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value,
  );

/** "a, b,,c" → ["a", "b", "c"] (query strings, environment variables); non-strings unchanged. */
export const CommaSeparated = () =>
  Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  );

/** Explicit query-string boolean: only "true"/"false". */
export const ToBool = () =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));
