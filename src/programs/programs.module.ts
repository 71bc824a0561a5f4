import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { CalendarAuthGuard } from './calendar/calendar-auth.guard';
import { CalendarController } from './calendar/calendar.controller';
import { CalendarRepository } from './calendar/calendar.repository';
import { CalendarService } from './calendar/calendar.service';
import { FeedTokenService } from './calendar/feed-token';
import { PartnershipTimelineController, ProgramsController } from './programs.controller';
import { ProgramNotices } from './program-notices';
import { ProgramsRepository } from './programs.repository';
import { ProgramsService } from './programs.service';
import { RegistrationsPrivacy } from './registrations-privacy';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsRepository } from './registrations.repository';
import { RegistrationsService } from './registrations.service';

/** Exchange programs, their registrations (seats and waitlist) and iCalendar feeds. */
@Module({
  imports: [NotificationsModule],
  controllers: [
    ProgramsController,
    PartnershipTimelineController,
    RegistrationsController,
    CalendarController,
  ],
  providers: [
    ProgramsService,
    ProgramsRepository,
    RegistrationsService,
    RegistrationsRepository,
    { provide: RegistrationsPrivacy, useExisting: RegistrationsRepository },
    CalendarService,
    CalendarRepository,
    FeedTokenService,
    CalendarAuthGuard,
    ProgramNotices,
  ],
  exports: [ProgramsService, RegistrationsService, RegistrationsPrivacy],
})
export class ProgramsModule {}
