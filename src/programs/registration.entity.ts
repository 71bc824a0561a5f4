import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../common/base.entity';

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** A participant's seat (or place in the queue) in a program. */
@Entity('registrations')
export class RegistrationEntity extends VersionedEntity {
  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @Column({ name: 'participant_id', type: 'uuid' })
  participantId!: string;

  /** The participant's organisation: the tenancy key for ngo_members. */
  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId!: string | null;

  @Column({ type: 'text' })
  status!: RegistrationStatus;

  @Column({ type: 'boolean', nullable: true })
  attended!: boolean | null;

  @Column({ name: 'registered_by', type: 'uuid', nullable: true })
  registeredBy!: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;
}
