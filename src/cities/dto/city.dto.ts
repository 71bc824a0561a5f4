import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Min,
  ValidateNested,
} from 'class-validator';
import { I18nNameDto } from '../../common/i18n-name/i18n-name.dto';
import { PageQueryDto } from '../../common/pagination';
import { IsCountryCode, Nfc } from '../../common/validation/validators';
import { CITY_KINDS, CityEntity, CityKind } from '../city.entity';

export class CreateCityDto {
  @IsObject()
  @ValidateNested()
  @Type(() => I18nNameDto)
  names!: I18nNameDto;

  /** ISO 3166-1 alpha-2, e.g. PK. */
  @ApiProperty({ example: 'PK', pattern: '^[A-Z]{2}$' })
  @IsCountryCode()
  country!: string;

  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 200)
  region?: string;

  @ApiProperty({ enum: CITY_KINDS })
  @IsIn(CITY_KINDS)
  kind!: CityKind;
}

export class UpdateCityDto extends PartialType(CreateCityDto) {
  /** The version you read; 409 VERSION_CONFLICT when the city changed meanwhile. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class CityQueryDto extends PageQueryDto {
  /** Matches English, Chinese or Urdu names. */
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ example: 'CN' })
  @IsOptional()
  @IsCountryCode()
  country?: string;

  @ApiPropertyOptional({ enum: CITY_KINDS })
  @IsOptional()
  @IsIn(CITY_KINDS)
  kind?: CityKind;
}

export class CityResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: I18nNameDto }) names!: I18nNameDto;
  @ApiProperty() country!: string;
  @ApiProperty({ nullable: true, type: String }) region!: string | null;
  @ApiProperty({ enum: CITY_KINDS }) kind!: CityKind;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toCityResponse(c: CityEntity): CityResponse {
  return {
    id: c.id,
    names: c.names,
    country: c.country,
    region: c.region,
    kind: c.kind,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
