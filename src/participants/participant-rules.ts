import { isEmail } from 'class-validator';
import { isCountryCode, isDateOnly } from '../common/validation/validators';
import { GENDERS, Gender } from './participant.entity';

/**
 * De-duplication key of a person's name: NFC, whitespace (any Unicode space) collapsed and
 * trimmed, lower-cased. "  Ayesha   KARIM " and "ayesha karim" share a key.
 */
export function nameKey(fullName: string): string {
  return fullName.normalize('NFC').replace(/\s+/gu, ' ').trim().toLowerCase().normalize('NFC');
}

/** Characters that make a spreadsheet treat a cell as a formula (CSV injection). */
const FORMULA_LEAD = /^[=+\-@\t\r]/;

/** True when `value` would be run as a formula by a spreadsheet (checked raw and trimmed). */
export function looksLikeFormula(value: string): boolean {
  return FORMULA_LEAD.test(value) || FORMULA_LEAD.test(value.trim());
}

/** Export side: a formula-leading cell is prefixed with a single quote so it stays text. */
export function escapeCsvCell(value: string): string {
  return FORMULA_LEAD.test(value) ? `'${value}` : value;
}

/** Import side: undoes {@link escapeCsvCell}, so an exported file imports back unchanged. */
export function unescapeCsvCell(value: string): string {
  return value.startsWith("'") && FORMULA_LEAD.test(value.slice(1)) ? value.slice(1) : value;
}

export const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{2,38}[0-9]$/;
export const NAME_MAX = 200;

/** Earliest accepted date of birth; later than today is refused too. */
export const MIN_BIRTH_DATE = '1900-01-01';

export function isPlausibleBirthDate(value: string, today: string): boolean {
  return isDateOnly(value) && value >= MIN_BIRTH_DATE && value <= today;
}

/** Columns a participants CSV may carry (header row, any order). */
export const CSV_COLUMNS = [
  'fullName',
  'nativeName',
  'email',
  'nationality',
  'gender',
  'dateOfBirth',
  'phone',
  'organizationId',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export const REQUIRED_CSV_COLUMNS: CsvColumn[] = ['fullName', 'nationality'];

/** A CSV row that passed validation, ready to insert. */
export interface ValidRow {
  fullName: string;
  nativeName: string | null;
  nameKey: string;
  email: string | null;
  phone: string | null;
  nationality: string;
  gender: Gender | null;
  dateOfBirth: string | null;
  /** Raw cell; resolved and checked against the caller's tenancy by the importer. */
  organizationId: string | null;
}

export interface RowError {
  field: string;
  message: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Validates one CSV record (cells by column name). Lenient where spreadsheets are sloppy
 * (case of country codes and genders, surrounding spaces, a quote-escaped cell), strict where it
 * matters (formula-looking names, real dates, real country codes).
 */
export function validateCsvRow(
  cells: Partial<Record<CsvColumn, string>>,
  today: string,
): { row?: ValidRow; errors: RowError[] } {
  const errors: RowError[] = [];
  const raw = (c: CsvColumn) => unescapeCsvCell(cells[c] ?? '');
  const text = (c: CsvColumn) => raw(c).normalize('NFC').trim();

  const name = (c: 'fullName' | 'nativeName', required: boolean): string | null => {
    const value = text(c);
    if (!value) {
      if (required) errors.push({ field: c, message: `${c} is required` });
      return null;
    }
    if (looksLikeFormula(raw(c)))
      errors.push({ field: c, message: `${c} must not start with = + - @ or a control character` });
    else if (value.length > NAME_MAX)
      errors.push({ field: c, message: `${c} must be at most ${NAME_MAX} characters` });
    return value;
  };
  const fullName = name('fullName', true);
  const nativeName = name('nativeName', false);

  const email = text('email') || null;
  if (email && (email.length > 254 || !isEmail(email)))
    errors.push({ field: 'email', message: 'email must be an email address' });

  const nationality = text('nationality').toUpperCase();
  if (!nationality) errors.push({ field: 'nationality', message: 'nationality is required' });
  else if (!isCountryCode(nationality))
    errors.push({
      field: 'nationality',
      message: 'nationality must be an ISO 3166-1 alpha-2 country code (e.g. PK)',
    });

  const genderText = text('gender').toLowerCase();
  if (genderText && !(GENDERS as readonly string[]).includes(genderText))
    errors.push({ field: 'gender', message: `gender must be one of ${GENDERS.join(', ')}` });

  const dateOfBirth = text('dateOfBirth') || null;
  if (dateOfBirth && !isPlausibleBirthDate(dateOfBirth, today))
    errors.push({
      field: 'dateOfBirth',
      message: `dateOfBirth must be a date YYYY-MM-DD between ${MIN_BIRTH_DATE} and today`,
    });

  const phone = text('phone') || null;
  if (phone && !PHONE_PATTERN.test(phone))
    errors.push({
      field: 'phone',
      message: 'phone must be digits, spaces, ( ) - and an optional leading +',
    });

  const organizationId = text('organizationId') || null;
  if (organizationId && !UUID.test(organizationId))
    errors.push({ field: 'organizationId', message: 'organizationId must be a UUID' });

  if (errors.length > 0) return { errors };
  return {
    errors,
    row: {
      fullName: fullName!,
      nativeName,
      nameKey: nameKey(fullName!),
      email,
      phone,
      nationality,
      gender: (genderText || null) as Gender | null,
      dateOfBirth,
      organizationId: organizationId?.toLowerCase() ?? null,
    },
  };
}
