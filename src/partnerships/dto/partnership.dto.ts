import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Min,
  ValidateIf,
} from 'class-validator';
import { Transform } from 'class-transformer';
import { I18nNameDto } from '../../common/i18n-name/i18n-name.dto';
import { PageQueryDto } from '../../common/pagination';
import { IsDateOnly, Nfc, ToBool } from '../../common/validation/validators';
import {
  PARTNERSHIP_KINDS,
  PARTNERSHIP_STATUSES,
  PartnershipEntity,
  PartnershipKind,
  PartnershipStatus,
} from '../partnership.entity';

/** Trims, NFC-normalises and de-duplicates a list of focus areas; leaves non-arrays to the validators. */
const NormaliseAreas = () =>
  Transform(({ value }) =>
    Array.isArray(value)
      ? [...new Set(value.map((v) => (typeof v === 'string' ? v.normalize('NFC').trim() : v)))]
      : value,
  );

export class CreatePartnershipDto {
  @IsUUID()
  cityAId!: string;

  @IsUUID()
  cityBId!: string;

  @ApiProperty({ enum: PARTNERSHIP_KINDS })
  @IsIn(PARTNERSHIP_KINDS)
  kind!: PartnershipKind;

  /** Defaults to `proposed`. Anything else needs `establishedOn`. */
  @ApiPropertyOptional({ enum: PARTNERSHIP_STATUSES, default: 'proposed' })
  @IsOptional()
  @IsIn(PARTNERSHIP_STATUSES)
  status?: PartnershipStatus;

  /** `YYYY-MM-DD`, e.g. 2015-04-20. */
  @ApiPropertyOptional({ format: 'date', example: '2015-04-20' })
  @IsOptional()
  @IsDateOnly()
  establishedOn?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateOnly()
  agreementSignedOn?: string | null;

  /** Free-text areas such as "port cooperation", "education" (max 20, each 1..100 characters). */
  @ApiPropertyOptional({ type: [String], example: ['port cooperation', 'education'] })
  @IsOptional()
  @NormaliseAreas()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  focusAreas?: string[];

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Nfc()
  @IsString()
  @Length(1, 4000)
  notes?: string | null;
}

/** The pair of cities is the partnership's identity and cannot be changed; everything else can. */
export class UpdatePartnershipDto {
  @ApiPropertyOptional({ enum: PARTNERSHIP_KINDS })
  @IsOptional()
  @IsIn(PARTNERSHIP_KINDS)
  kind?: PartnershipKind;

  /** proposed → active → suspended ⇄ active, any → ended; otherwise 409 INVALID_TRANSITION. */
  @ApiPropertyOptional({ enum: PARTNERSHIP_STATUSES })
  @IsOptional()
  @IsIn(PARTNERSHIP_STATUSES)
  status?: PartnershipStatus;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateOnly()
  establishedOn?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateOnly()
  agreementSignedOn?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @NormaliseAreas()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  focusAreas?: string[];

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Nfc()
  @IsString()
  @Length(1, 4000)
  notes?: string | null;

  /** The version you read; 409 VERSION_CONFLICT when the partnership changed meanwhile. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class PartnershipQueryDto extends PageQueryDto {
  /** Matches either city's name in English, Chinese or Urdu (`Gwadar`, `瓜达尔`). */
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: PARTNERSHIP_STATUSES })
  @IsOptional()
  @IsIn(PARTNERSHIP_STATUSES)
  status?: PartnershipStatus;

  @ApiPropertyOptional({ enum: PARTNERSHIP_KINDS })
  @IsOptional()
  @IsIn(PARTNERSHIP_KINDS)
  kind?: PartnershipKind;

  /** Partnerships one of whose cities is this one. */
  @IsOptional()
  @IsUUID()
  cityId?: string;

  /** `true`: only dormant partnerships; `false`: only the others. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @ToBool()
  @IsBoolean()
  dormant?: boolean;
}

export class AnniversaryQueryDto {
  /** First day, `YYYY-MM-DD`, inclusive. */
  @ApiProperty({ format: 'date', example: '2025-01-01' })
  @IsDateOnly()
  from!: string;

  /** Last day, `YYYY-MM-DD`, inclusive; at most ten years after `from`. */
  @ApiProperty({ format: 'date', example: '2025-12-31' })
  @IsDateOnly()
  to!: string;
}

export class PartnershipCityResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: I18nNameDto }) names!: I18nNameDto;
  @ApiProperty() country!: string;
}

export class PartnershipResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) cityAId!: string;
  @ApiProperty({ format: 'uuid' }) cityBId!: string;
  @ApiProperty({ type: PartnershipCityResponse }) cityA!: PartnershipCityResponse;
  @ApiProperty({ type: PartnershipCityResponse }) cityB!: PartnershipCityResponse;
  @ApiProperty({ enum: PARTNERSHIP_KINDS }) kind!: PartnershipKind;
  @ApiProperty({ enum: PARTNERSHIP_STATUSES }) status!: PartnershipStatus;
  @ApiProperty({ format: 'date', nullable: true, type: String }) establishedOn!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) agreementSignedOn!: string | null;
  @ApiProperty({ type: [String] }) focusAreas!: string[];
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  /** Active, yet no program started within PARTNERSHIP_DORMANT_MONTHS. */
  @ApiProperty() dormant!: boolean;
  /** Start of the latest program held under it (cancelled ones do not count). */
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastActivityAt!:
    string | null;
  /** Programs under it, cancelled ones included. */
  @ApiProperty() programCount!: number;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class AnniversaryResponse {
  @ApiProperty({ format: 'uuid' }) partnershipId!: string;
  @ApiProperty({ type: PartnershipCityResponse, isArray: true }) cities!: PartnershipCityResponse[];
  @ApiProperty({ enum: PARTNERSHIP_KINDS }) kind!: PartnershipKind;
  @ApiProperty({ format: 'date' }) establishedOn!: string;
  /** The day it is marked (28 February in common years for a 29 February founding). */
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty() years!: number;
}

export class AnniversaryList {
  @ApiProperty({ type: AnniversaryResponse, isArray: true }) items!: AnniversaryResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: null;
}

/** Facts a partnership response needs beyond its own row. */
export interface PartnershipExtras {
  cities: Map<string, PartnershipCityResponse>;
  lastActivityAt: Date | null;
  programCount: number;
  dormant: boolean;
}

export function toPartnershipResponse(
  p: PartnershipEntity,
  x: PartnershipExtras,
): PartnershipResponse {
  const city = (id: string): PartnershipCityResponse =>
    x.cities.get(id) ?? { id, names: { en: '' }, country: '' };
  return {
    id: p.id,
    cityAId: p.cityAId,
    cityBId: p.cityBId,
    cityA: city(p.cityAId),
    cityB: city(p.cityBId),
    kind: p.kind,
    status: p.status,
    establishedOn: p.establishedOn,
    agreementSignedOn: p.agreementSignedOn,
    focusAreas: p.focusAreas ?? [],
    notes: p.notes,
    dormant: x.dormant,
    lastActivityAt: x.lastActivityAt ? x.lastActivityAt.toISOString() : null,
    programCount: x.programCount,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
