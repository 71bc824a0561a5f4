import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Roles } from '../common/auth/auth.decorators';
import { PageOf, PageQueryDto } from '../common/pagination';
import { AuditService } from './audit.service';

export class AuditQueryDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string;

  @IsOptional()
  @IsUUID()
  entityId?: string;
}

export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) actorUserId!: string | null;
  @ApiPropertyOptional({ nullable: true }) actorRole!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty() entityType!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) entityId!: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  before!: unknown;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  after!: unknown;
  @ApiPropertyOptional({ nullable: true }) requestId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
class AuditEventPage extends PageOf(AuditEventResponse) {}

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Who changed what, when, before and after; newest first. */
  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: AuditEventPage })
  async list(@Query() query: AuditQueryDto): Promise<AuditEventPage> {
    const { items: rows, hasMore } = await this.audit.list(query);
    const items = rows.map((r) => ({
      id: r.id as string,
      actorUserId: r.actor_user_id as string | null,
      actorRole: r.actor_role as string | null,
      action: r.action as string,
      entityType: r.entity_type as string,
      entityId: r.entity_id as string | null,
      before: r.before,
      after: r.after,
      requestId: r.request_id as string | null,
      createdAt: (r.created_at as Date).toISOString(),
    }));
    return { items, nextCursor: hasMore ? items[items.length - 1].id : null };
  }
}
