import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Roles } from '../common/auth/auth.decorators';
import { PageOf, PageQueryDto } from '../common/pagination';

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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Who changed what, when, before and after; newest first. */
  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: AuditEventPage })
  async list(@Query() query: AuditQueryDto): Promise<AuditEventPage> {
    const limit = query.limit ?? 20;
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.entityType) {
      params.push(query.entityType);
      where.push(`entity_type = $${params.length}`);
    }
    if (query.entityId) {
      params.push(query.entityId);
      where.push(`entity_id = $${params.length}`);
    }
    if (query.cursor) {
      params.push(query.cursor);
      where.push(
        `(created_at, id) < (SELECT created_at, id FROM audit_events WHERE id = $${params.length})`,
      );
    }
    params.push(limit + 1);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM audit_events ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit).map((r) => ({
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
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }
}
