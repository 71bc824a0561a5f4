import { IsOptional, IsString, Length } from 'class-validator';
import { Nfc } from '../validation/validators';

/** A name a person reads, in English (required), Chinese and Urdu. */
export class I18nNameDto {
  /** English name, e.g. "Gwadar". */
  @Nfc()
  @IsString()
  @Length(1, 300)
  en!: string;

  /** Chinese name, e.g. "瓜达尔". */
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 300)
  zh?: string;

  /** Urdu name, e.g. "گوادر". */
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 300)
  ur?: string;
}

export type I18nName = { en: string; zh?: string; ur?: string };

/** Copies only the known languages, so stray keys never reach the database. */
export function toI18nName(dto: I18nNameDto): I18nName {
  const name: I18nName = { en: dto.en };
  if (dto.zh) name.zh = dto.zh;
  if (dto.ur) name.ur = dto.ur;
  return name;
}
