import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../common/base.entity';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';

export const ORGANIZATION_TYPES = [
  'ngo',
  'enterprise',
  'local_government',
  'university',
  'think_tank',
  'overseas_association',
  'media',
] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];
export const ORGANIZATION_STATUSES = ['pending', 'approved', 'rejected', 'suspended'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

@Entity('organizations')
export class OrganizationEntity extends VersionedEntity {
  @Column({ type: 'jsonb' })
  name!: I18nName;

  @Column({ type: 'text' })
  type!: OrganizationType;

  @Column({ type: 'char', length: 2 })
  country!: string;

  @Column({ name: 'contact_email', type: 'text' })
  contactEmail!: string;

  @Column({ type: 'text', nullable: true })
  website!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', default: 'pending' })
  status!: OrganizationStatus;

  /** Why it was rejected or suspended. */
  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason!: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy!: string | null;

  @Column({ name: 'registration_expires_on', type: 'date', nullable: true })
  registrationExpiresOn!: string | null;
}
