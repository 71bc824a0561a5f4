import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { CommaSeparated } from '../../common/validation/validators';
import { AID_CATEGORIES, AidCategory } from '../aid-project.entity';

/** At most this many activities in one IATI file (built in memory). */
export const IATI_EXPORT_LIMIT = 1000;

export class IatiExportQueryDto {
  /** Comma-separated project ids, e.g. `?ids=uuid,uuid`. */
  @ApiPropertyOptional({ type: String, description: 'Comma-separated aid project ids' })
  @IsOptional()
  @CommaSeparated()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(IATI_EXPORT_LIMIT)
  @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional({ enum: AID_CATEGORIES })
  @IsOptional()
  @IsIn(AID_CATEGORIES)
  category?: AidCategory;
}
