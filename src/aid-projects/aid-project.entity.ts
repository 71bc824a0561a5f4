import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../common/base.entity';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';

export const AID_CATEGORIES = [
  'school',
  'e_education_center',
  'clinic_vehicle',
  'cataract_campaign',
  'drinking_water',
  'snow_removal',
  'solar_lighting',
  'training',
  'relief_supplies',
  'other',
] as const;
export type AidCategory = (typeof AID_CATEGORIES)[number];

export const AID_STATUSES = ['pipeline', 'implementation', 'completed', 'cancelled'] as const;
export type AidStatus = (typeof AID_STATUSES)[number];

/** IATI participating-org roles (codelist OrganisationRole: 1 funding … 4 implementing). */
export const AID_ORG_ROLES = ['funding', 'accountable', 'extending', 'implementing'] as const;
export type AidOrgRole = (typeof AID_ORG_ROLES)[number];

@Entity('aid_projects')
export class AidProjectEntity extends VersionedEntity {
  @Column({ type: 'jsonb' })
  title!: I18nName;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text' })
  category!: AidCategory;

  @Column({ name: 'city_id', type: 'uuid', nullable: true })
  cityId!: string | null;

  @Column({ name: 'coordinator_id', type: 'uuid', nullable: true })
  coordinatorId!: string | null;

  @Column({ type: 'text', default: 'pipeline' })
  status!: AidStatus;

  /** numeric(18,2): read as a string, never a float. */
  @Column({ name: 'budget_amount', type: 'numeric', precision: 18, scale: 2 })
  budgetAmount!: string;

  @Column({ name: 'budget_currency', type: 'char', length: 3 })
  budgetCurrency!: string;

  @Column({ name: 'planned_start', type: 'date', nullable: true })
  plannedStart!: string | null;

  @Column({ name: 'planned_end', type: 'date', nullable: true })
  plannedEnd!: string | null;

  @Column({ name: 'actual_start', type: 'date', nullable: true })
  actualStart!: string | null;

  @Column({ name: 'actual_end', type: 'date', nullable: true })
  actualEnd!: string | null;

  @Column({ name: 'beneficiaries_target', type: 'integer', nullable: true })
  beneficiariesTarget!: number | null;

  @Column({ name: 'beneficiaries_actual', type: 'integer', nullable: true })
  beneficiariesActual!: number | null;

  @Column({ name: 'sector_code', type: 'text', nullable: true })
  sectorCode!: string | null;

  @Column({ name: 'iati_identifier', type: 'text', nullable: true })
  iatiIdentifier!: string | null;
}
