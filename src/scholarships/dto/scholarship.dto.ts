import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { I18nNameDto } from '../../common/i18n-name/i18n-name.dto';
import { formatAmount, Money, MoneyDto } from '../../common/money/money.dto';
import { PageQueryDto } from '../../common/pagination';
import {
  IsCountryCode,
  IsCurrencyCode,
  IsZonedTimestamp,
  Nfc,
  ToBool,
} from '../../common/validation/validators';
import { ORGANIZATION_TYPES } from '../../organizations/organization.entity';
import {
  EligibilityRules,
  PARTICIPANT_GENDERS,
  ParticipantGender,
  SCHOLARSHIP_LEVELS,
  ScholarshipEntity,
  ScholarshipLevel,
} from '../scholarship.entity';

/** Money that may not be negative (a stipend). */
export class StipendDto {
  /** Non-negative decimal string with at most two decimals, e.g. "3500.00". */
  @ApiProperty({ example: '3500.00', pattern: '^\\d{1,16}(\\.\\d{1,2})?$' })
  @Matches(/^\d{1,16}(\.\d{1,2})?$/, {
    message: '$property must be a non-negative decimal string such as "3500.00"',
  })
  amount!: string;

  /** ISO 4217 code. */
  @ApiProperty({ example: 'CNY' })
  @IsCurrencyCode()
  currency!: string;
}

/** Who may apply; every rule is optional and checked on submit. */
export class EligibilityDto {
  /** Eligible nationalities (ISO 3166-1 alpha-2). */
  @ApiPropertyOptional({ type: [String], example: ['PK'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(250)
  @ArrayUnique()
  @IsCountryCode({ each: true })
  nationalities?: string[];

  /** Minimum age in whole years on the closing date. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  minAge?: number;

  /** Maximum age in whole years on the closing date. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  maxAge?: number;

  @ApiPropertyOptional({
    enum: PARTICIPANT_GENDERS,
    isArray: true,
    maxItems: PARTICIPANT_GENDERS.length,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PARTICIPANT_GENDERS.length)
  @ArrayUnique()
  @IsIn(PARTICIPANT_GENDERS, { each: true })
  genders?: ParticipantGender[];

  /** Types of organisation that may apply (e.g. only universities nominate). */
  @ApiPropertyOptional({
    enum: ORGANIZATION_TYPES,
    isArray: true,
    maxItems: ORGANIZATION_TYPES.length,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ORGANIZATION_TYPES.length)
  @ArrayUnique()
  @IsIn(ORGANIZATION_TYPES, { each: true })
  organizationTypes?: string[];
}

export class CreateScholarshipDto {
  @IsObject()
  @ValidateNested()
  @Type(() => I18nNameDto)
  name!: I18nNameDto;

  @ApiProperty({ enum: SCHOLARSHIP_LEVELS })
  @IsIn(SCHOLARSHIP_LEVELS)
  level!: ScholarshipLevel;

  /** Number of places; never more applications are awarded. */
  @IsInt()
  @Min(1)
  @Max(100000)
  quota!: number;

  @IsObject()
  @ValidateNested()
  @Type(() => StipendDto)
  stipend!: StipendDto;

  @ApiProperty({ format: 'date-time', example: '2027-01-15T09:00:00+05:00' })
  @IsZonedTimestamp()
  opensAt!: string;

  /** Submissions after this instant answer 422 DEADLINE_PASSED. */
  @ApiProperty({ format: 'date-time', example: '2027-03-31T23:59:59+05:00' })
  @IsZonedTimestamp()
  closesAt!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  sponsorOrganizationId?: string;

  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 300)
  hostInstitution?: string;

  @IsOptional()
  @Nfc()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EligibilityDto)
  eligibility?: EligibilityDto;
}

export class UpdateScholarshipDto extends PartialType(CreateScholarshipDto) {
  /** The version you read; 409 VERSION_CONFLICT when the scheme changed meanwhile. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ScholarshipQueryDto extends PageQueryDto {
  /** Matches English, Chinese or Urdu names. */
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: SCHOLARSHIP_LEVELS })
  @IsOptional()
  @IsIn(SCHOLARSHIP_LEVELS)
  level?: ScholarshipLevel;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  sponsorOrganizationId?: string;

  /** true: only schemes taking submissions now; false: only those not (yet or any more). */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @ToBool()
  @IsBoolean()
  open?: boolean;
}

export class EligibilityResponse {
  @ApiPropertyOptional({ type: [String] }) nationalities?: string[];
  @ApiPropertyOptional() minAge?: number;
  @ApiPropertyOptional() maxAge?: number;
  @ApiPropertyOptional({
    enum: PARTICIPANT_GENDERS,
    isArray: true,
    maxItems: PARTICIPANT_GENDERS.length,
  })
  genders?: ParticipantGender[];
  @ApiPropertyOptional({
    enum: ORGANIZATION_TYPES,
    isArray: true,
    maxItems: ORGANIZATION_TYPES.length,
  })
  organizationTypes?: string[];
}

export class ScholarshipResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: I18nNameDto }) name!: I18nNameDto;
  @ApiProperty({ enum: SCHOLARSHIP_LEVELS }) level!: ScholarshipLevel;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) sponsorOrganizationId!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) hostInstitution!: string | null;
  @ApiProperty() quota!: number;
  /** Places taken by awarded or accepted applications. */
  @ApiProperty() awardedCount!: number;
  @ApiProperty() placesLeft!: number;
  @ApiProperty({ type: MoneyDto }) stipend!: Money;
  @ApiProperty({ format: 'date-time' }) opensAt!: string;
  @ApiProperty({ format: 'date-time' }) closesAt!: string;
  @ApiProperty({ type: EligibilityResponse }) eligibility!: EligibilityRules;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) coordinatorId!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** Copies only the known rules, so stray keys never reach the database. */
export function toEligibilityRules(dto: EligibilityDto | undefined): EligibilityRules {
  const rules: EligibilityRules = {};
  if (!dto) return rules;
  if (dto.nationalities?.length) rules.nationalities = [...dto.nationalities];
  if (dto.minAge !== undefined) rules.minAge = dto.minAge;
  if (dto.maxAge !== undefined) rules.maxAge = dto.maxAge;
  if (dto.genders?.length) rules.genders = [...dto.genders];
  if (dto.organizationTypes?.length) rules.organizationTypes = [...dto.organizationTypes];
  return rules;
}

export function toScholarshipResponse(s: ScholarshipEntity): ScholarshipResponse {
  return {
    id: s.id,
    name: s.name,
    level: s.level,
    description: s.description,
    sponsorOrganizationId: s.sponsorOrganizationId,
    hostInstitution: s.hostInstitution,
    quota: s.quota,
    awardedCount: s.awardedCount,
    placesLeft: s.quota - s.awardedCount,
    stipend: { amount: formatAmount(s.stipendAmount), currency: s.stipendCurrency.trim() },
    opensAt: s.opensAt.toISOString(),
    closesAt: s.closesAt.toISOString(),
    eligibility: s.eligibility ?? {},
    coordinatorId: s.coordinatorId,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
