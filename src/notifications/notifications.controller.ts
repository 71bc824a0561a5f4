import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor';
import { AllowUnapproved, AnyRole, CurrentActor } from '../common/auth/auth.decorators';
import { PageOf } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import {
  MarkAllReadResponse,
  NotificationQueryDto,
  NotificationResponse,
  UnreadCountResponse,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

class NotificationPage extends PageOf(NotificationResponse) {}

/** The caller's own inbox; newest first. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** List the caller's notifications. */
  @Get()
  @AnyRole()
  @ApiOkResponse({ type: NotificationPage })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: NotificationQueryDto,
  ): Promise<NotificationPage> {
    return this.notifications.list(actor, query);
  }

  /** Count the caller's unread notifications. */
  @Get('unread-count')
  @AnyRole()
  @ApiOkResponse({ type: UnreadCountResponse })
  async unreadCount(@CurrentActor() actor: Actor): Promise<UnreadCountResponse> {
    return { count: await this.notifications.unreadCount(actor) };
  }

  /** Members of a not-yet-approved organisation may still mark their notifications read. */
  @Post('read-all')
  @HttpCode(200)
  @AnyRole()
  @AllowUnapproved()
  @ApiOkResponse({ type: MarkAllReadResponse })
  async readAll(@CurrentActor() actor: Actor): Promise<MarkAllReadResponse> {
    return { updated: await this.notifications.markAllRead(actor) };
  }

  /** Mark a notification read. */
  @Post(':id/read')
  @HttpCode(200)
  @AnyRole()
  @AllowUnapproved()
  @ApiOkResponse({ type: NotificationResponse })
  read(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<NotificationResponse> {
    return this.notifications.markRead(actor, id);
  }
}
