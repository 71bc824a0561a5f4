import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { ApplicationTransitionsService } from './application-transitions.service';
import { ApplicationsController } from './applications.controller';
import { ApplicationsPrivacy } from './applications-privacy';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';
import { DecisionsService } from './decisions.service';
import { DisbursementsRepository } from './disbursements.repository';
import { DisbursementsService } from './disbursements.service';
import { RankingService } from './ranking.service';
import { ReviewerConflictsController } from './reviewer-conflicts.controller';
import { ReviewsRepository } from './reviews.repository';
import { ReviewsService } from './reviews.service';
import { ScholarshipsController } from './scholarships.controller';
import { ScholarshipsRepository } from './scholarships.repository';
import { ScholarshipsService } from './scholarships.service';

/** Scholarship schemes, applications, reviews, decisions within quota and disbursements. */
@Module({
  imports: [NotificationsModule],
  controllers: [ScholarshipsController, ApplicationsController, ReviewerConflictsController],
  providers: [
    ScholarshipsRepository,
    ApplicationsRepository,
    { provide: ApplicationsPrivacy, useExisting: ApplicationsRepository },
    ReviewsRepository,
    DisbursementsRepository,
    ScholarshipsService,
    ApplicationsService,
    ApplicationTransitionsService,
    DecisionsService,
    ReviewsService,
    RankingService,
    DisbursementsService,
  ],
  exports: [ScholarshipsService, ApplicationsPrivacy],
})
export class ScholarshipsModule {}
