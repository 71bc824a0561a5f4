import { IsCurrencyCode, IsDecimalString } from '../validation/validators';

/** `{ "amount": "12500.00", "currency": "PKR" }`: a decimal string, never a float. */
export class MoneyDto {
  /** Decimal string with at most two decimals. */
  @IsDecimalString()
  amount!: string;

  /** ISO 4217 code. */
  @IsCurrencyCode()
  currency!: string;
}

export interface Money {
  amount: string;
  currency: string;
}

/** Formats a Postgres numeric (string) as a two-decimal string without going through floats. */
export function formatAmount(value: string | null | undefined): string {
  if (value === null || value === undefined) return '0.00';
  const negative = value.startsWith('-');
  const [int, frac = ''] = (negative ? value.slice(1) : value).split('.');
  return `${negative ? '-' : ''}${int || '0'}.${(frac + '00').slice(0, 2)}`;
}

export function toMoney(amount: string | null | undefined, currency: string): Money {
  return { amount: formatAmount(amount), currency: currency.trim() };
}

/** Exact decimal addition of two-decimal strings (cents as BigInt). */
export function addAmounts(...values: string[]): string {
  const cents = values.reduce((sum, v) => {
    const [int, frac = ''] = formatAmount(v).replace('-', '').split('.');
    const c = BigInt(int) * 100n + BigInt((frac + '00').slice(0, 2));
    return sum + (v.trim().startsWith('-') ? -c : c);
  }, 0n);
  const abs = cents < 0n ? -cents : cents;
  return `${cents < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
