import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../common/base.entity';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';

export const SCHOLARSHIP_LEVELS = [
  'bachelor',
  'master',
  'phd',
  'short_course',
  'teacher_exchange',
] as const;
export type ScholarshipLevel = (typeof SCHOLARSHIP_LEVELS)[number];

export const PARTICIPANT_GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;
export type ParticipantGender = (typeof PARTICIPANT_GENDERS)[number];

/** Who may apply; every rule is optional and checked on submit (see eligibility.ts). */
export interface EligibilityRules {
  /** ISO 3166-1 alpha-2 codes of eligible nationalities. */
  nationalities?: string[];
  /** Age in whole years on the scheme's closing date (UTC). */
  minAge?: number;
  maxAge?: number;
  genders?: ParticipantGender[];
  /** Types of the applying organisation (e.g. only universities nominate). */
  organizationTypes?: string[];
}

/** A scholarship scheme (a call): quota, stipend and application window. */
@Entity('scholarships')
export class ScholarshipEntity extends VersionedEntity {
  @Column({ type: 'jsonb' })
  name!: I18nName;

  @Column({ type: 'text' })
  level!: ScholarshipLevel;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'sponsor_organization_id', type: 'uuid', nullable: true })
  sponsorOrganizationId!: string | null;

  @Column({ name: 'host_institution', type: 'text', nullable: true })
  hostInstitution!: string | null;

  @Column({ type: 'integer' })
  quota!: number;

  /** Places taken: applications currently `awarded` or `accepted` (DB check: <= quota). */
  @Column({ name: 'awarded_count', type: 'integer', default: 0 })
  awardedCount!: number;

  /** numeric(18,2), read as a string. */
  @Column({ name: 'stipend_amount', type: 'numeric', precision: 18, scale: 2 })
  stipendAmount!: string;

  @Column({ name: 'stipend_currency', type: 'char', length: 3 })
  stipendCurrency!: string;

  @Column({ name: 'opens_at', type: 'timestamptz' })
  opensAt!: Date;

  @Column({ name: 'closes_at', type: 'timestamptz' })
  closesAt!: Date;

  @Column({ type: 'jsonb', default: {} })
  eligibility!: EligibilityRules;

  @Column({ name: 'coordinator_id', type: 'uuid', nullable: true })
  coordinatorId!: string | null;
}
