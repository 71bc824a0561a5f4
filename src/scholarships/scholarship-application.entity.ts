import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../common/base.entity';
import type { ApplicationStatus } from './application-state-machine';

/** An application an organisation's member (or staff) files on behalf of a participant. */
@Entity('scholarship_applications')
export class ScholarshipApplicationEntity extends VersionedEntity {
  @Column({ name: 'scholarship_id', type: 'uuid' })
  scholarshipId!: string;

  @Column({ name: 'participant_id', type: 'uuid' })
  participantId!: string;

  /** The owning organisation (the participant's); tenancy key for ngo_member callers. */
  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId!: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ type: 'text', default: 'draft' })
  status!: ApplicationStatus;

  @Column({ type: 'text' })
  statement!: string;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  /** When the applicant side accepted or declined an award. */
  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt!: Date | null;
}
