import { intlLocale } from './intl';

/** Countries most members come from first, then the rest; names through Intl.DisplayNames. */
const FIRST = ['PK', 'CN'];
const OTHERS = ['AF', 'AE', 'BD', 'GB', 'HK', 'ID', 'IN', 'IR', 'KZ', 'KG', 'LK', 'MY', 'MO', 'NP', 'QA', 'SA', 'SG', 'TJ', 'TR', 'US', 'UZ'];

export function countryName(lang: string, code: string): string {
  try {
    return new Intl.DisplayNames([intlLocale(lang)], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function countryOptions(lang: string): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([intlLocale(lang)], { type: 'region' });
  const rest = OTHERS.map((value) => ({ value, label: names.of(value) ?? value })).sort((a, b) =>
    a.label.localeCompare(b.label, intlLocale(lang)),
  );
  return [...FIRST.map((value) => ({ value, label: names.of(value) ?? value })), ...rest];
}
