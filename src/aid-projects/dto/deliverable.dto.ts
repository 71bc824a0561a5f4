import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { IsDateOnly, Nfc } from '../../common/validation/validators';
import {
  DELIVERABLE_CONDITIONS,
  DeliverableCondition,
  DeliverableEntity,
} from '../deliverable.entity';
import type { MaintenanceLogEntity } from '../maintenance-log.entity';

export class CreateDeliverableDto {
  /** e.g. "Clinic vehicle", "Snow-removal machine", "Tent". */
  @Nfc()
  @IsString()
  @Length(1, 200)
  item!: string;

  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  quantity!: number;

  /** e.g. "vehicle", "machine", "tent". */
  @Nfc()
  @IsString()
  @Length(1, 50)
  unit!: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateOnly()
  handedOverOn?: string;

  /** Who received it (an organisation or office, free text). */
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 300)
  handedOverTo?: string;

  /** Where it is now. */
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 300)
  location?: string;

  /** Who looks after it. */
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 300)
  custodian?: string;

  @ApiPropertyOptional({ enum: DELIVERABLE_CONDITIONS, default: 'in_service' })
  @IsOptional()
  @IsIn(DELIVERABLE_CONDITIONS)
  condition?: DeliverableCondition;
}

/** Any field of a deliverable; null clears an optional one. */
export class UpdateDeliverableDto {
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 200)
  item?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  quantity?: number;

  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 50)
  unit?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsDateOnly()
  handedOverOn?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @Nfc()
  @IsString()
  @Length(1, 300)
  handedOverTo?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @Nfc()
  @IsString()
  @Length(1, 300)
  location?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @Nfc()
  @IsString()
  @Length(1, 300)
  custodian?: string | null;

  @ApiPropertyOptional({ enum: DELIVERABLE_CONDITIONS })
  @IsOptional()
  @IsIn(DELIVERABLE_CONDITIONS)
  condition?: DeliverableCondition;

  /** The version you read; 409 VERSION_CONFLICT when the deliverable changed meanwhile. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class CreateMaintenanceLogDto {
  /** The day of the inspection or repair; a date in the future is refused (400). */
  @ApiProperty({ format: 'date', example: '2026-10-02' })
  @IsDateOnly()
  loggedOn!: string;

  @ApiProperty({ enum: DELIVERABLE_CONDITIONS })
  @IsIn(DELIVERABLE_CONDITIONS)
  condition!: DeliverableCondition;

  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class DeliverableQueryDto extends PageQueryDto {
  /** Case-insensitive substring of the item, e.g. `clinic vehicle`. */
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 100)
  item?: string;

  @ApiPropertyOptional({ enum: DELIVERABLE_CONDITIONS })
  @IsOptional()
  @IsIn(DELIVERABLE_CONDITIONS)
  condition?: DeliverableCondition;

  @IsOptional()
  @IsUUID()
  projectId?: string;
}

export class MaintenanceLogResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) deliverableId!: string;
  @ApiProperty({ format: 'date' }) loggedOn!: string;
  @ApiProperty({ enum: DELIVERABLE_CONDITIONS }) condition!: DeliverableCondition;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) loggedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DeliverableResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() item!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty() unit!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) handedOverOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) handedOverTo!: string | null;
  @ApiProperty({ nullable: true, type: String }) location!: string | null;
  @ApiProperty({ nullable: true, type: String }) custodian!: string | null;
  /** The condition of the latest maintenance log (or as set by staff). */
  @ApiProperty({ enum: DELIVERABLE_CONDITIONS }) condition!: DeliverableCondition;
  @ApiProperty({ type: MaintenanceLogResponse, nullable: true })
  lastMaintenance!: MaintenanceLogResponse | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toMaintenanceLogResponse(l: MaintenanceLogEntity): MaintenanceLogResponse {
  return {
    id: l.id,
    deliverableId: l.deliverableId,
    loggedOn: l.loggedOn,
    condition: l.condition,
    note: l.note,
    loggedBy: l.loggedBy,
    createdAt: l.createdAt.toISOString(),
  };
}

export function toDeliverableResponse(
  d: DeliverableEntity,
  last: MaintenanceLogResponse | null,
): DeliverableResponse {
  return {
    id: d.id,
    projectId: d.projectId,
    item: d.item,
    quantity: d.quantity,
    unit: d.unit,
    handedOverOn: d.handedOverOn,
    handedOverTo: d.handedOverTo,
    location: d.location,
    custodian: d.custodian,
    condition: d.condition,
    lastMaintenance: last,
    version: d.version,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
