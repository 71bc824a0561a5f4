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
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { I18nNameDto } from '../../common/i18n-name/i18n-name.dto';
import { MoneyDto, toMoney } from '../../common/money/money.dto';
import { PageQueryDto } from '../../common/pagination';
import { IsDateOnly, Nfc } from '../../common/validation/validators';
import {
  AID_CATEGORIES,
  AID_ORG_ROLES,
  AID_STATUSES,
  AidCategory,
  AidOrgRole,
  AidProjectEntity,
  AidStatus,
} from '../aid-project.entity';

/** OECD DAC 5-digit purpose code, e.g. 12220 (basic health care). */
export const SECTOR_CODE_PATTERN = /^[0-9]{5}$/;
/** Non-negative decimal string with at most two decimals. */
export const NON_NEGATIVE_DECIMAL = /^\d{1,16}(\.\d{1,2})?$/;

export class ProjectOrganizationDto {
  @IsUUID()
  organizationId!: string;

  @ApiProperty({ enum: AID_ORG_ROLES })
  @IsIn(AID_ORG_ROLES)
  role!: AidOrgRole;
}

/** A budget: non-negative amount in one currency. */
export class BudgetDto extends MoneyDto {
  @ApiProperty({ example: '1500000.00', pattern: NON_NEGATIVE_DECIMAL.source })
  @Matches(NON_NEGATIVE_DECIMAL, {
    message: '$property must be a non-negative decimal string such as "1500000.00"',
  })
  declare amount: string;
}

export class CreateAidProjectDto {
  @IsObject()
  @ValidateNested()
  @Type(() => I18nNameDto)
  title!: I18nNameDto;

  @ApiProperty({ enum: AID_CATEGORIES })
  @IsIn(AID_CATEGORIES)
  category!: AidCategory;

  @IsUUID()
  cityId!: string;

  @ApiProperty({ enum: AID_STATUSES })
  @IsIn(AID_STATUSES)
  status!: AidStatus;

  @IsObject()
  @ValidateNested()
  @Type(() => BudgetDto)
  budget!: BudgetDto;

  @ApiProperty({ format: 'date', example: '2026-03-01' })
  @IsDateOnly()
  plannedStart!: string;

  @ApiProperty({ format: 'date', example: '2027-02-28' })
  @IsDateOnly()
  plannedEnd!: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsOptional()
  @IsDateOnly()
  actualStart?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsOptional()
  @IsDateOnly()
  actualEnd?: string | null;

  /** Participating organisations with their IATI roles; an organisation may hold several roles. */
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ProjectOrganizationDto)
  organizations!: ProjectOrganizationDto[];

  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  beneficiariesTarget!: number;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  beneficiariesActual?: number | null;

  /** OECD DAC 5-digit purpose code (IATI sector vocabulary 1), e.g. "12220". */
  @ApiPropertyOptional({
    example: '12220',
    pattern: SECTOR_CODE_PATTERN.source,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @Matches(SECTOR_CODE_PATTERN, {
    message: '$property must be an OECD DAC 5-digit purpose code such as "12220"',
  })
  sectorCode?: string | null;

  /**
   * Defaults to `XI-IATI-SILKBRIDGE-<first 8 hex digits of the project id>`. A given identifier
   * must start with the reporting organisation's ref `XI-IATI-SILKBRIDGE-`. Cannot be changed later.
   */
  @ApiPropertyOptional({ example: 'XI-IATI-SILKBRIDGE-GB-2016-WATER' })
  @IsOptional()
  @IsString()
  @Matches(/^XI-IATI-SILKBRIDGE-[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/, {
    message: '$property must be "XI-IATI-SILKBRIDGE-" followed by letters, digits, ".", "_" or "-"',
  })
  iatiIdentifier?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 5000)
  description?: string | null;
}

export class UpdateAidProjectDto {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => I18nNameDto)
  title?: I18nNameDto;

  @ApiPropertyOptional({ enum: AID_CATEGORIES })
  @IsOptional()
  @IsIn(AID_CATEGORIES)
  category?: AidCategory;

  @IsOptional()
  @IsUUID()
  cityId?: string;

  /** pipeline → implementation → completed; any → cancelled; else 409 INVALID_TRANSITION. */
  @ApiPropertyOptional({ enum: AID_STATUSES })
  @IsOptional()
  @IsIn(AID_STATUSES)
  status?: AidStatus;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BudgetDto)
  budget?: BudgetDto;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateOnly()
  plannedStart?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateOnly()
  plannedEnd?: string;

  /** null clears it. */
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsDateOnly()
  actualStart?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsDateOnly()
  actualEnd?: string | null;

  /** Replaces the whole set of participating organisations. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ProjectOrganizationDto)
  organizations?: ProjectOrganizationDto[];

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  beneficiariesTarget?: number;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  beneficiariesActual?: number | null;

  @ApiPropertyOptional({ pattern: SECTOR_CODE_PATTERN.source, nullable: true, type: String })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @Matches(SECTOR_CODE_PATTERN, {
    message: '$property must be an OECD DAC 5-digit purpose code such as "12220"',
  })
  sectorCode?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @Nfc()
  @IsString()
  @Length(1, 5000)
  description?: string | null;

  /** The version you read; 409 VERSION_CONFLICT when the project changed meanwhile. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class AidProjectQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AID_CATEGORIES })
  @IsOptional()
  @IsIn(AID_CATEGORIES)
  category?: AidCategory;

  @ApiPropertyOptional({ enum: AID_STATUSES })
  @IsOptional()
  @IsIn(AID_STATUSES)
  status?: AidStatus;

  @IsOptional()
  @IsUUID()
  cityId?: string;

  /** Projects in which this organisation takes part (any role). */
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  /** Matches the English, Chinese or Urdu title. */
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class ProjectOrganizationResponse {
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ enum: AID_ORG_ROLES }) role!: AidOrgRole;
  @ApiProperty({ type: I18nNameDto }) name!: I18nNameDto;
}

export class MoneyResponse {
  @ApiProperty({ example: '1500000.00' }) amount!: string;
  @ApiProperty({ example: 'CNY' }) currency!: string;
}

export class AidProjectResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: I18nNameDto }) title!: I18nNameDto;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: AID_CATEGORIES }) category!: AidCategory;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) cityId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) coordinatorId!: string | null;
  @ApiProperty({ enum: AID_STATUSES }) status!: AidStatus;
  @ApiProperty({ type: MoneyResponse }) budget!: MoneyResponse;
  @ApiProperty({ format: 'date', nullable: true, type: String }) plannedStart!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) plannedEnd!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) actualStart!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) actualEnd!: string | null;
  @ApiProperty({ type: ProjectOrganizationResponse, isArray: true })
  organizations!: ProjectOrganizationResponse[];
  @ApiProperty({ nullable: true, type: Number }) beneficiariesTarget!: number | null;
  @ApiProperty({ nullable: true, type: Number }) beneficiariesActual!: number | null;
  @ApiProperty({ nullable: true, type: String, example: '12220' }) sectorCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) iatiIdentifier!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** Sums of a project's transactions in one currency (exact decimal strings, SQL SUM on numeric). */
export class CurrencyTotalsResponse {
  @ApiProperty({ example: 'PKR' }) currency!: string;
  @ApiProperty({ example: '0.30' }) commitment!: string;
  @ApiProperty({ example: '0.30' }) disbursement!: string;
  @ApiProperty({ example: '0.30' }) expenditure!: string;
}

/** The budget against expenditure in the budget's currency (no currency conversion). */
export class BudgetVsSpentResponse {
  @ApiProperty({ example: 'CNY' }) currency!: string;
  @ApiProperty({ example: '1500000.00' }) budget!: string;
  @ApiProperty({
    example: '250000.00',
    description: 'Sum of expenditure transactions in the budget currency',
  })
  spent!: string;
  @ApiProperty({ example: '1250000.00', description: 'budget − spent; negative when overspent' })
  remaining!: string;
}

export class AidProjectDetailResponse extends AidProjectResponse {
  @ApiProperty({ type: CurrencyTotalsResponse, isArray: true }) totals!: CurrencyTotalsResponse[];
  @ApiProperty({ type: BudgetVsSpentResponse }) budgetVsSpent!: BudgetVsSpentResponse;
}

export function toAidProjectResponse(
  p: AidProjectEntity,
  organizations: ProjectOrganizationResponse[],
): AidProjectResponse {
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    category: p.category,
    cityId: p.cityId,
    coordinatorId: p.coordinatorId,
    status: p.status,
    budget: toMoney(p.budgetAmount, p.budgetCurrency),
    plannedStart: p.plannedStart,
    plannedEnd: p.plannedEnd,
    actualStart: p.actualStart,
    actualEnd: p.actualEnd,
    organizations,
    beneficiariesTarget: p.beneficiariesTarget,
    beneficiariesActual: p.beneficiariesActual,
    sectorCode: p.sectorCode,
    iatiIdentifier: p.iatiIdentifier,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
