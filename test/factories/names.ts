import { randomBytes } from 'crypto';

/** A short random tag that keeps names, e-mails and slugs of one test run apart. */
export const uniq = () => randomBytes(4).toString('hex');

export interface LocalizedName {
  en: string;
  zh?: string;
  ur?: string;
}

/** A plain English name or a full localized one, as stored in the JSON name columns. */
export const localized = (name: string | LocalizedName): LocalizedName =>
  typeof name === 'string' ? { en: name } : name;
