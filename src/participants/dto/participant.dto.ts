import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidationOptions,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { useAsConstraint } from '../../common/validation/constraint-container';
import { Clock } from '../../common/clock';
import { Type } from 'class-transformer';
import { PageQueryDto } from '../../common/pagination';
import { IsCountryCode, Nfc } from '../../common/validation/validators';
import { GENDERS, Gender, ParticipantEntity } from '../participant.entity';
import {
  isPlausibleBirthDate,
  looksLikeFormula,
  NAME_MAX,
  PHONE_PATTERN,
} from '../participant-rules';

/** A person's name: text that no spreadsheet would run as a formula. */
function IsPersonName(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isPersonName',
      target: object.constructor,
      propertyName,
      options: {
        message: '$property must not start with = + - @ or a control character',
        ...options,
      },
      validator: { validate: (v: unknown) => typeof v === 'string' && !looksLikeFormula(v) },
    });
}

/**
 * A date of birth between 1900-01-01 and today, "today" from the injected {@link Clock} (the
 * Nest-built instance is the one class-validator uses, see constraint-container.ts), so a test
 * that moves the clock moves this rule with it.
 */
@ValidatorConstraint({ name: 'isBirthDate' })
@Injectable()
export class BirthDateConstraint implements ValidatorConstraintInterface, OnModuleInit {
  constructor(@Optional() private readonly clock?: Clock) {}

  onModuleInit(): void {
    useAsConstraint(this);
  }

  validate(value: unknown): boolean {
    // Outside the app (a DTO validated on its own) there is no container: the system clock.
    const now = this.clock?.now() ?? new Clock().now();
    return typeof value === 'string' && isPlausibleBirthDate(value, now.toISOString().slice(0, 10));
  }

  defaultMessage(): string {
    return '$property must be a date YYYY-MM-DD between 1900-01-01 and today';
  }
}

function IsBirthDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isBirthDate',
      target: object.constructor,
      propertyName,
      options,
      validator: BirthDateConstraint,
    });
}

export class CreateParticipantDto {
  /** Name in Latin script as used on travel documents. */
  @Nfc()
  @IsString()
  @Length(1, NAME_MAX)
  @IsPersonName()
  fullName!: string;

  /** Name in the person's own script, e.g. "عائشہ کریم" or "王芳". */
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, NAME_MAX)
  @IsPersonName()
  nativeName?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  /** ISO 3166-1 alpha-2, e.g. PK. */
  @ApiProperty({ example: 'PK' })
  @IsCountryCode()
  nationality!: string;

  @ApiPropertyOptional({ enum: GENDERS, nullable: true })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender | null;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsOptional()
  @IsBirthDate()
  dateOfBirth?: string | null;

  /** Digits, spaces, ( ) - and an optional leading +. */
  @ApiPropertyOptional({ nullable: true, type: String, example: '+92 300 1234567' })
  @IsOptional()
  @IsString()
  @Matches(PHONE_PATTERN, {
    message: 'phone must be digits, spaces, ( ) - and an optional leading +',
  })
  phone?: string | null;

  /**
   * Owning organisation. An ngo_member's participants always belong to its own organisation
   * (another organisation's id answers 404); staff may set any organisation or none.
   */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

/** Any field may be sent; `null` clears an optional one. */
export class UpdateParticipantDto {
  @ValidateIf((o: UpdateParticipantDto) => o.fullName !== undefined)
  @Nfc()
  @IsString()
  @Length(1, NAME_MAX)
  @IsPersonName()
  fullName?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, NAME_MAX)
  @IsPersonName()
  nativeName?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ example: 'PK' })
  @ValidateIf((o: UpdateParticipantDto) => o.nationality !== undefined)
  @IsCountryCode()
  nationality?: string;

  @ApiPropertyOptional({ enum: GENDERS, nullable: true })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender | null;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsOptional()
  @IsBirthDate()
  dateOfBirth?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @Matches(PHONE_PATTERN, {
    message: 'phone must be digits, spaces, ( ) - and an optional leading +',
  })
  phone?: string | null;

  /** Staff only may move a person to another organisation. */
  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf((o: UpdateParticipantDto) => o.organizationId !== undefined)
  @IsUUID()
  organizationId?: string;

  /** The version you read; 409 VERSION_CONFLICT when the record changed meanwhile. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ParticipantFilterDto {
  /** Matches fullName or nativeName in any script (Latin, Chinese, Urdu). */
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 100)
  q?: string;

  /** Staff: one organisation's participants. An ngo_member may only name its own. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ example: 'CN' })
  @IsOptional()
  @IsCountryCode()
  nationality?: string;
}

export class ParticipantQueryDto extends IntersectionType(PageQueryDto, ParticipantFilterDto) {}

/** `?organizationId=` for staff: the organisation rows without their own organizationId cell go to. */
export class ImportQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class ParticipantResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organizationId!: string | null;
  @ApiProperty() fullName!: string;
  @ApiProperty({ nullable: true, type: String }) nativeName!: string | null;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ example: 'PK' }) nationality!: string;
  @ApiProperty({ enum: GENDERS, nullable: true }) gender!: Gender | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) dateOfBirth!: string | null;
  /** Set once an admin erased the person's personal data. */
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) erasedAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toParticipantResponse(p: ParticipantEntity): ParticipantResponse {
  return {
    id: p.id,
    organizationId: p.organizationId,
    fullName: p.fullName,
    nativeName: p.nativeName,
    email: p.email,
    phone: p.phone,
    nationality: p.nationality,
    gender: p.gender,
    dateOfBirth: p.dateOfBirth,
    erasedAt: p.erasedAt ? p.erasedAt.toISOString() : null,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/**
 * What the audit trail keeps about a participant: no names, contacts or birth dates, so the
 * trail never has to be rewritten when a person is erased. `changed` lists edited fields.
 */
export function participantAuditView(
  p: ParticipantEntity,
  changed?: string[],
): Record<string, unknown> {
  return {
    id: p.id,
    organizationId: p.organizationId,
    nationality: p.nationality,
    gender: p.gender,
    hasEmail: p.email !== null,
    hasPhone: p.phone !== null,
    hasDateOfBirth: p.dateOfBirth !== null,
    erased: p.erasedAt !== null,
    version: p.version,
    ...(changed ? { changed } : {}),
  };
}

export class ImportErrorItem {
  /** Row of the file, counting the header as row 1 (so the first data row is 2, as in a spreadsheet). */
  @ApiProperty({ example: 2 }) row!: number;
  @ApiProperty({ example: 'nationality' }) field!: string;
  @ApiProperty() message!: string;
}

export class ImportResultResponse {
  /** Participants saved. */
  @ApiProperty() created!: number;
  /** Rows not saved because the person is already known (in the organisation, or earlier in the file). */
  @ApiProperty() duplicates!: number;
  /** Row numbers of the duplicates (first 1000). */
  @ApiProperty({ type: Number, isArray: true }) duplicateRows!: number[];
  /** Rows refused by validation (each row may have several errors). */
  @ApiProperty() failed!: number;
  /** Validation errors, at most 1000 (see errorsTruncated). */
  @ApiProperty({ type: ImportErrorItem, isArray: true }) errors!: ImportErrorItem[];
  @ApiProperty() errorsTruncated!: boolean;
}

export class PersonalDataResponse {
  @ApiProperty({ type: ParticipantResponse }) participant!: ParticipantResponse;
  /** Program registrations of the person. */
  @ApiProperty({ type: Object, isArray: true }) registrations!: Record<string, unknown>[];
  /** Scholarship applications, with their reviews and disbursements. */
  @ApiProperty({ type: Object, isArray: true }) scholarshipApplications!: Record<string, unknown>[];
  /** Audit events about the person, their registrations and applications. */
  @ApiProperty({ type: Object, isArray: true }) auditEvents!: Record<string, unknown>[];
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
}

/** `POST /participants/:id/merge`: the record `:id` is merged into `intoId` (which stays). */
export class MergeParticipantDto {
  @ApiProperty({ format: 'uuid', description: 'The record that stays' })
  @IsUUID()
  intoId!: string;
}

export class DuplicatesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

/** Records that are likely one person: same email, or same name and date of birth. */
export class DuplicateGroupResponse {
  @ApiProperty({ enum: ['email', 'name_and_date_of_birth'] })
  matchedOn!: 'email' | 'name_and_date_of_birth';
  /** Oldest record first. */
  @ApiProperty({ type: [ParticipantResponse] })
  participants!: ParticipantResponse[];
}

export class DuplicatesResponse {
  @ApiProperty({ type: [DuplicateGroupResponse] })
  items!: DuplicateGroupResponse[];
}
