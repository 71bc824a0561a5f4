import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../common/base.entity';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';

export const CITY_KINDS = ['city', 'county', 'prefecture', 'province'] as const;
export type CityKind = (typeof CITY_KINDS)[number];

@Entity('cities')
export class CityEntity extends VersionedEntity {
  @Column({ type: 'jsonb' })
  names!: I18nName;

  @Column({ type: 'char', length: 2 })
  country!: string;

  @Column({ type: 'text', nullable: true })
  region!: string | null;

  @Column({ type: 'text' })
  kind!: CityKind;
}
