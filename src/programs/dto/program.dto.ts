import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { I18nNameDto } from '../../common/i18n-name/i18n-name.dto';
import { PageQueryDto } from '../../common/pagination';
import {
  isDateOnly,
  IsTimeZone,
  isZonedTimestamp,
  IsZonedTimestamp,
  Nfc,
} from '../../common/validation/validators';
import {
  PROGRAM_STATUSES,
  PROGRAM_TYPES,
  ProgramEntity,
  ProgramStatus,
  ProgramType,
} from '../program.entity';
import { isRegistrationOpen, toZonedIso } from '../program-rules';

/** A program may be recorded in any status but cancelled (e.g. a past, completed exhibition). */
const CREATE_STATUSES = ['planned', 'open', 'in_progress', 'completed'] as const;

export class CreateProgramDto {
  @IsObject()
  @ValidateNested()
  @Type(() => I18nNameDto)
  title!: I18nNameDto;

  @ApiProperty({ enum: PROGRAM_TYPES })
  @IsIn(PROGRAM_TYPES)
  type!: ProgramType;

  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 10000)
  description?: string | null;

  @IsOptional()
  @IsUUID()
  partnershipId?: string | null;

  /** Host city. */
  @IsOptional()
  @IsUUID()
  cityId?: string | null;

  /** With its offset, e.g. `2027-06-07T09:00:00+05:00`. */
  @ApiProperty({ format: 'date-time', example: '2027-06-07T09:00:00+05:00' })
  @IsZonedTimestamp()
  startsAt!: string;

  @ApiProperty({ format: 'date-time', example: '2027-06-12T18:00:00+05:00' })
  @IsZonedTimestamp()
  endsAt!: string;

  /**
   * IANA zone where the program is held; with a city, a zone of the city's country (422
   * TIME_ZONE_MISMATCH).
   */
  @ApiProperty({ example: 'Asia/Karachi' })
  @IsTimeZone()
  timeZone!: string;

  /** Must not be after startsAt. */
  @ApiProperty({ format: 'date-time', example: '2027-05-15T23:59:00+05:00' })
  @IsZonedTimestamp()
  registrationDeadline!: string;

  @ApiProperty({ minimum: 1, maximum: 100000 })
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity!: number;

  @ApiPropertyOptional({ enum: CREATE_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(CREATE_STATUSES)
  status?: ProgramStatus;

  /** Organisations taking part (registering a participant adds its organisation too). */
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  organizationIds?: string[];
}

export class UpdateProgramDto {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => I18nNameDto)
  title?: I18nNameDto;

  @ApiPropertyOptional({ enum: PROGRAM_TYPES })
  @IsOptional()
  @IsIn(PROGRAM_TYPES)
  type?: ProgramType;

  /** `null` clears it. */
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 10000)
  description?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  partnershipId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  cityId?: string | null;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsZonedTimestamp()
  startsAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsZonedTimestamp()
  endsAt?: string;

  /** With a city, a zone of the city's country (422 TIME_ZONE_MISMATCH). */
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsZonedTimestamp()
  registrationDeadline?: string;

  /** Lower than the confirmed count → 409 CAPACITY_BELOW_CONFIRMED; higher promotes the waitlist. */
  @ApiPropertyOptional({ minimum: 1, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity?: number;

  /** planned → open → in_progress → completed, any open one → cancelled; else 409 INVALID_TRANSITION. */
  @ApiPropertyOptional({ enum: PROGRAM_STATUSES })
  @IsOptional()
  @IsIn(PROGRAM_STATUSES)
  status?: ProgramStatus;

  /** Replaces the list; organisations with active registrations always stay. */
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  organizationIds?: string[];

  /** The version you read; 409 VERSION_CONFLICT when the program changed meanwhile. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

/** A date `YYYY-MM-DD` (whole UTC day) or a timestamp with zone. */
const IsDateOrTimestamp = () =>
  ValidateBy({
    name: 'isDateOrTimestamp',
    validator: {
      validate: (v: unknown) => isDateOnly(v) || isZonedTimestamp(v),
      defaultMessage: () =>
        '$property must be a date YYYY-MM-DD or an ISO 8601 timestamp with a zone',
    },
  });

export class ProgramQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PROGRAM_STATUSES })
  @IsOptional()
  @IsIn(PROGRAM_STATUSES)
  status?: ProgramStatus;

  @ApiPropertyOptional({ enum: PROGRAM_TYPES })
  @IsOptional()
  @IsIn(PROGRAM_TYPES)
  type?: ProgramType;

  @IsOptional()
  @IsUUID()
  partnershipId?: string;

  @IsOptional()
  @IsUUID()
  cityId?: string;

  /** Programs still running at or after this instant (`ends_at >= from`); a date means its start (UTC). */
  @ApiPropertyOptional({ example: '2025-01-01' })
  @IsOptional()
  @IsDateOrTimestamp()
  from?: string;

  /** Programs starting at or before this instant (`starts_at <= to`); a date means its whole day (UTC). */
  @ApiPropertyOptional({ example: '2025-12-31' })
  @IsOptional()
  @IsDateOrTimestamp()
  to?: string;

  /** Matches the title in English, Chinese or Urdu. */
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class TimelineQueryDto extends PageQueryDto {}

export class ProgramResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: I18nNameDto }) title!: I18nNameDto;
  @ApiProperty({ enum: PROGRAM_TYPES }) type!: ProgramType;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) partnershipId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) cityId!: string | null;
  @ApiProperty({ format: 'uuid' }) coordinatorId!: string;
  /** In the program's zone, with offset. */
  @ApiProperty({ format: 'date-time', example: '2027-06-07T09:00:00.000+05:00' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ example: 'Asia/Karachi' }) timeZone!: string;
  @ApiProperty({ format: 'date-time' }) registrationDeadline!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty() confirmedCount!: number;
  @ApiProperty() seatsLeft!: number;
  @ApiProperty({ enum: PROGRAM_STATUSES }) status!: ProgramStatus;
  /** Open and before its deadline. */
  @ApiProperty() registrationOpen!: boolean;
  /** Organisations taking part; an ngo_member sees only its own. */
  @ApiProperty({ type: [String], format: 'uuid' }) organizationIds!: string[];
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toProgramResponse(
  p: ProgramEntity,
  organizationIds: string[],
  now: Date,
): ProgramResponse {
  return {
    id: p.id,
    title: p.title,
    type: p.type,
    description: p.description,
    partnershipId: p.partnershipId,
    cityId: p.cityId,
    coordinatorId: p.coordinatorId,
    startsAt: toZonedIso(p.startsAt, p.timeZone),
    endsAt: toZonedIso(p.endsAt, p.timeZone),
    timeZone: p.timeZone,
    registrationDeadline: toZonedIso(p.registrationDeadline, p.timeZone),
    capacity: p.capacity,
    confirmedCount: p.confirmedCount,
    seatsLeft: p.capacity - p.confirmedCount,
    status: p.status,
    registrationOpen: isRegistrationOpen(p, now),
    organizationIds,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
