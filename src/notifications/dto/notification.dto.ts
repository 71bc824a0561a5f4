import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { ToBool } from '../../common/validation/validators';
import { NOTIFICATION_KINDS, NotificationEntity } from '../notification.entity';

export class NotificationQueryDto extends PageQueryDto {
  /** `true`: only unread; `false`: only read. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @ToBool()
  @IsBoolean()
  unread?: boolean;
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    example: 'reminder',
    description: `Known kinds: ${NOTIFICATION_KINDS.join(', ')}`,
  })
  kind!: string;
  @ApiProperty({ nullable: true, type: String, example: 'program' }) entityType!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) entityId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) readAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class UnreadCountResponse {
  @ApiProperty({ minimum: 0 }) count!: number;
}

export class MarkAllReadResponse {
  @ApiProperty({ minimum: 0, description: 'How many notifications were marked read' })
  updated!: number;
}

export function toNotificationResponse(n: NotificationEntity): NotificationResponse {
  return {
    id: n.id,
    kind: n.kind,
    entityType: n.entityType,
    entityId: n.entityId,
    title: n.title,
    body: n.body,
    readAt: n.readAt ? n.readAt.toISOString() : null,
    createdAt: n.createdAt.toISOString(),
  };
}
