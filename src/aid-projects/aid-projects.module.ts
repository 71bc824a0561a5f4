import { Module } from '@nestjs/common';
import { AidAccessService } from './aid-access.service';
import { AidProjectsController } from './aid-projects.controller';
import { AidProjectsRepository } from './aid-projects.repository';
import { AidProjectsService } from './aid-projects.service';
import { AidTransactionsController } from './aid-transactions.controller';
import { AidTransactionsRepository } from './aid-transactions.repository';
import { AidTransactionsService } from './aid-transactions.service';
import { DeliverablesController } from './deliverables.controller';
import { DeliverablesRepository } from './deliverables.repository';
import { DeliverablesService } from './deliverables.service';
import { IatiController } from './iati.controller';
import { IatiRepository } from './iati.repository';
import { IatiService } from './iati.service';
import { MilestonesController } from './milestones.controller';
import { MilestonesRepository } from './milestones.repository';
import { MilestonesService } from './milestones.service';
import { ResultsController } from './results.controller';
import { ResultsRepository } from './results.repository';
import { ResultsService } from './results.service';

/** Livelihood aid projects: budgets, transactions, milestones, results, deliverables, IATI export. */
@Module({
  // IatiController first: its `aid-projects/iati.xml` must be matched before `aid-projects/:id`.
  controllers: [
    IatiController,
    AidProjectsController,
    AidTransactionsController,
    MilestonesController,
    ResultsController,
    DeliverablesController,
  ],
  providers: [
    AidAccessService,
    AidProjectsRepository,
    AidTransactionsRepository,
    MilestonesRepository,
    ResultsRepository,
    DeliverablesRepository,
    IatiRepository,
    AidProjectsService,
    AidTransactionsService,
    MilestonesService,
    ResultsService,
    DeliverablesService,
    IatiService,
  ],
  exports: [AidProjectsService, IatiService],
})
export class AidProjectsModule {}
