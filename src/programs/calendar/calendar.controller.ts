import { Controller, Get, Header, Headers, Res, UseGuards } from '@nestjs/common';
import { requestLocale } from '../../common/i18n';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiProduces,
  ApiProperty,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AnyRole, CurrentActor, Public } from '../../common/auth/auth.decorators';
import type { Actor } from '../../common/auth/actor';
import { UuidParam } from '../../common/validation/id-param';
import { CalendarAuthGuard } from './calendar-auth.guard';
import { CalendarService, IcsFile } from './calendar.service';
import { FeedTokenService } from './feed-token';

export class FeedTokenResponse {
  /** Append as `?token=` to the three `.ics` URLs; a calendar app can then subscribe without a header. */
  @ApiProperty() token!: string;
  @ApiProperty({ example: '/api/v1/calendar.ics?token=…' }) feedUrl!: string;
}

/** Documents and applies the `.ics` auth: Bearer, or `?token=` from GET /calendar/feed-token. */
const IcsRoute = () => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  Public()(target, key, descriptor);
  UseGuards(CalendarAuthGuard)(target, key, descriptor);
  ApiBearerAuth()(target, key, descriptor);
  ApiQuery({
    name: 'token',
    required: false,
    description: 'Calendar feed token (instead of a Bearer header)',
  })(target, key, descriptor);
  ApiProduces('text/calendar')(target, key, descriptor);
  ApiOkResponse({
    description: 'iCalendar (RFC 5545)',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })(target, key, descriptor);
};

function send(reply: FastifyReply, file: IcsFile): void {
  void reply
    .header('Content-Type', 'text/calendar; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${file.filename}"`)
    .header('Cache-Control', 'private, max-age=300')
    .send(file.body);
}

@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(
    private readonly calendars: CalendarService,
    private readonly feedTokens: FeedTokenService,
  ) {}

  /** A program's sessions as iCalendar. */
  @Get('programs/:id/calendar.ics')
  @IcsRoute()
  async program(
    @UuidParam() id: string,
    @CurrentActor() actor: Actor,
    @Headers('accept-language') language: string | undefined,
    @Res() res: FastifyReply,
  ): Promise<void> {
    send(
      res,
      await this.calendars.program(id, requestLocale({ 'accept-language': language }, actor)),
    );
  }

  /** The caller's calendar feed (iCalendar, by feed token). */
  @Get('calendar.ics')
  @IcsRoute()
  async feed(
    @CurrentActor() actor: Actor,
    @Headers('accept-language') language: string | undefined,
    @Res() res: FastifyReply,
  ): Promise<void> {
    send(
      res,
      await this.calendars.feed(actor, requestLocale({ 'accept-language': language }, actor)),
    );
  }

  /** A participant's itinerary as iCalendar. */
  @Get('participants/:id/calendar.ics')
  @IcsRoute()
  async itinerary(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Headers('accept-language') language: string | undefined,
    @Res() res: FastifyReply,
  ): Promise<void> {
    send(
      res,
      await this.calendars.itinerary(
        actor,
        id,
        requestLocale({ 'accept-language': language }, actor),
      ),
    );
  }

  /** The caller's personal feed token for calendar subscriptions. */
  @Get('calendar/feed-token')
  @AnyRole()
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: FeedTokenResponse })
  feedToken(@CurrentActor() actor: Actor): FeedTokenResponse {
    const token = this.feedTokens.issue(actor.userId);
    return { token, feedUrl: `/api/v1/calendar.ics?token=${encodeURIComponent(token)}` };
  }
}
