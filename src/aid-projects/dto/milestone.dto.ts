import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { IsDateOnly, Nfc, ToBool } from '../../common/validation/validators';
import type { MilestoneEntity } from '../milestone.entity';

export class CreateMilestoneDto {
  @Nfc()
  @IsString()
  @Length(1, 300)
  title!: string;

  @ApiProperty({ format: 'date', example: '2026-06-30' })
  @IsDateOnly()
  dueOn!: string;
}

export class UpdateMilestoneDto {
  @IsOptional()
  @Nfc()
  @IsString()
  @Length(1, 300)
  title?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateOnly()
  dueOn?: string;

  /** The version you read; 409 VERSION_CONFLICT when the milestone changed meanwhile. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class MilestoneQueryDto extends PageQueryDto {
  /** true: open milestones due before `asOf` (projects not cancelled); false: all others. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @ToBool()
  @IsBoolean()
  overdue?: boolean;

  /** The day "overdue" is judged on (UTC date); defaults to today. */
  @ApiPropertyOptional({ format: 'date', example: '2026-11-25' })
  @IsOptional()
  @IsDateOnly()
  asOf?: string;

  @IsOptional()
  @IsUUID()
  projectId?: string;
}

/** Per-project listing: only `asOf` applies. */
export class ProjectMilestoneQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateOnly()
  asOf?: string;
}

export class MilestoneResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) completedBy!: string | null;
  /** Open, due before today (or `asOf`), and its project is not cancelled. */
  @ApiProperty() overdue!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toMilestoneResponse(
  m: MilestoneEntity,
  today: string,
  projectCancelled: boolean,
): MilestoneResponse {
  return {
    id: m.id,
    projectId: m.projectId,
    title: m.title,
    dueOn: m.dueOn,
    completedAt: m.completedAt ? m.completedAt.toISOString() : null,
    completedBy: m.completedBy,
    overdue: !m.completedAt && !projectCancelled && m.dueOn < today,
    version: m.version,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}
