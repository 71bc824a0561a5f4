import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../common/base.entity';

export const PARTNERSHIP_KINDS = ['sister_city', 'sister_county', 'friendship'] as const;
export type PartnershipKind = (typeof PARTNERSHIP_KINDS)[number];
export const PARTNERSHIP_STATUSES = ['proposed', 'active', 'suspended', 'ended'] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];

/** Two cities (or counties) twinned with each other; the pair is unique in either order. */
@Entity('partnerships')
export class PartnershipEntity extends VersionedEntity {
  @Column({ name: 'city_a_id', type: 'uuid' })
  cityAId!: string;

  @Column({ name: 'city_b_id', type: 'uuid' })
  cityBId!: string;

  @Column({ type: 'text' })
  kind!: PartnershipKind;

  @Column({ type: 'text', default: 'proposed' })
  status!: PartnershipStatus;

  /** `YYYY-MM-DD` (a date column stays a string). */
  @Column({ name: 'established_on', type: 'date', nullable: true })
  establishedOn!: string | null;

  @Column({ name: 'agreement_signed_on', type: 'date', nullable: true })
  agreementSignedOn!: string | null;

  @Column({ name: 'focus_areas', type: 'text', array: true, default: () => `'{}'` })
  focusAreas!: string[];

  @Column({ type: 'text', nullable: true })
  notes!: string | null;
}
