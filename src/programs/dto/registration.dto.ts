import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { REGISTRATION_STATUSES, RegistrationStatus } from '../registration.entity';

export class CreateRegistrationDto {
  /** An ngo_member may register only its own organisation's participants. */
  @IsUUID()
  participantId!: string;
}

export class AttendanceDto {
  @IsBoolean()
  attended!: boolean;
}

export class RegistrationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES })
  @IsOptional()
  @IsIn(REGISTRATION_STATUSES)
  status?: RegistrationStatus;
}

export class RegistrationParticipant {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ nullable: true, type: String }) nativeName!: string | null;
}

export class RegistrationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty({ format: 'uuid' }) participantId!: string;
  @ApiProperty({ type: RegistrationParticipant }) participant!: RegistrationParticipant;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organizationId!: string | null;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status!: RegistrationStatus;
  /** 1 for the next one to be promoted; null unless waitlisted. */
  @ApiProperty({ nullable: true, type: Number }) waitlistPosition!: number | null;
  @ApiProperty({ nullable: true, type: Boolean }) attended!: boolean | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) registeredBy!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) cancelledAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** A registrations row joined with its participant and waitlist position (see RegistrationsRepository). */
export interface RegistrationRow {
  id: string;
  program_id: string;
  participant_id: string;
  organization_id: string | null;
  status: RegistrationStatus;
  attended: boolean | null;
  registered_by: string | null;
  cancelled_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  full_name: string;
  native_name: string | null;
  waitlist_position: number | null;
}

export function toRegistrationResponse(r: RegistrationRow): RegistrationResponse {
  return {
    id: r.id,
    programId: r.program_id,
    participantId: r.participant_id,
    participant: { id: r.participant_id, fullName: r.full_name, nativeName: r.native_name },
    organizationId: r.organization_id,
    status: r.status,
    waitlistPosition: r.waitlist_position === null ? null : Number(r.waitlist_position),
    attended: r.attended,
    registeredBy: r.registered_by,
    cancelledAt: r.cancelled_at ? r.cancelled_at.toISOString() : null,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
