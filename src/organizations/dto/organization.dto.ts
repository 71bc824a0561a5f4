import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { I18nNameDto } from '../../common/i18n-name/i18n-name.dto';
import { PageQueryDto } from '../../common/pagination';
import { IsCountryCode, Nfc } from '../../common/validation/validators';
import {
  ORGANIZATION_STATUSES,
  ORGANIZATION_TYPES,
  OrganizationEntity,
  OrganizationStatus,
  OrganizationType,
} from '../organization.entity';

/** The organisation part of a self-registration. */
export class NewOrganizationDto {
  @IsObject()
  @ValidateNested()
  @Type(() => I18nNameDto)
  name!: I18nNameDto;

  @ApiProperty({ enum: ORGANIZATION_TYPES })
  @IsIn(ORGANIZATION_TYPES)
  type!: OrganizationType;

  /** ISO 3166-1 alpha-2 country where the organisation is based, e.g. PK. */
  @ApiProperty({ example: 'PK', pattern: '^[A-Z]{2}$' })
  @IsCountryCode()
  country!: string;

  @IsEmail()
  @MaxLength(254)
  contactEmail!: string;

  /** http(s) URL. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  website?: string | null;

  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 4000)
  description?: string | null;
}

/** The first member's account. Its role is always `ngo_member` of the new organisation. */
export class RegisterAccountDto {
  @IsEmail()
  @MaxLength(254)
  email!: string;

  /** At least 10 characters. */
  @IsString()
  @Length(10, 200)
  password!: string;

  @Nfc()
  @IsString()
  @Length(1, 200)
  displayName!: string;
}

export class RegisterOrganizationDto {
  @IsObject()
  @ValidateNested()
  @Type(() => NewOrganizationDto)
  organization!: NewOrganizationDto;

  @IsObject()
  @ValidateNested()
  @Type(() => RegisterAccountDto)
  account!: RegisterAccountDto;
}

/** A further member invited by a member of the organisation (or an admin). */
export class InviteMemberDto extends RegisterAccountDto {}

/**
 * Any field may be sent; `null` clears `website` / `description`. Status and expiry change only
 * through approve / reject / suspend. An ngo_member may not change `type` or `country`
 * (they were what the approval checked).
 */
export class UpdateOrganizationDto {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => I18nNameDto)
  name?: I18nNameDto;

  @ApiPropertyOptional({ enum: ORGANIZATION_TYPES })
  @ValidateIf((o: UpdateOrganizationDto) => o.type !== undefined)
  @IsIn(ORGANIZATION_TYPES)
  type?: OrganizationType;

  @ApiPropertyOptional({ example: 'PK' })
  @ValidateIf((o: UpdateOrganizationDto) => o.country !== undefined)
  @IsCountryCode()
  country?: string;

  @ValidateIf((o: UpdateOrganizationDto) => o.contactEmail !== undefined)
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  website?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 4000)
  description?: string | null;

  /** The version you read; 409 VERSION_CONFLICT when the organisation changed meanwhile. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

/** Why a registration is rejected or an organisation suspended (shown to its members). */
export class StatusReasonDto {
  @Nfc()
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class OrganizationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORGANIZATION_STATUSES })
  @IsOptional()
  @IsIn(ORGANIZATION_STATUSES)
  status?: OrganizationStatus;

  @ApiPropertyOptional({ enum: ORGANIZATION_TYPES })
  @IsOptional()
  @IsIn(ORGANIZATION_TYPES)
  type?: OrganizationType;

  @ApiPropertyOptional({ example: 'PK' })
  @IsOptional()
  @IsCountryCode()
  country?: string;

  /** Matches the English, Chinese or Urdu name. */
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class OrganizationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: I18nNameDto }) name!: I18nNameDto;
  @ApiProperty({ enum: ORGANIZATION_TYPES }) type!: OrganizationType;
  @ApiProperty({ example: 'PK' }) country!: string;
  @ApiProperty() contactEmail!: string;
  @ApiProperty({ nullable: true, type: String }) website!: string | null;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: ORGANIZATION_STATUSES }) status!: OrganizationStatus;
  /** Why it was rejected or suspended. */
  @ApiProperty({ nullable: true, type: String }) statusReason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) approvedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) approvedBy!: string | null;
  /** Last day the approval is valid (renewed by approving again). */
  @ApiProperty({ nullable: true, type: String, format: 'date' }) registrationExpiresOn!:
    string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toOrganizationResponse(o: OrganizationEntity): OrganizationResponse {
  return {
    id: o.id,
    name: o.name,
    type: o.type,
    country: o.country,
    contactEmail: o.contactEmail,
    website: o.website,
    description: o.description,
    status: o.status,
    statusReason: o.statusReason,
    approvedAt: o.approvedAt ? o.approvedAt.toISOString() : null,
    approvedBy: o.approvedBy,
    registrationExpiresOn: o.registrationExpiresOn,
    version: o.version,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export class MemberResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['ngo_member'] }) role!: 'ngo_member';
  @ApiProperty() displayName!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() isActive!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** Answer of `POST /organizations/register`: the organisation and its first member account. */
export class OrganizationRegistrationResponse {
  @ApiProperty({ type: OrganizationResponse }) organization!: OrganizationResponse;
  @ApiProperty({ type: MemberResponse }) account!: MemberResponse;
}
