import { BirthDateConstraint } from './dto/participant.dto';
import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ProgramsModule } from '../programs/programs.module';
import { ScholarshipsModule } from '../scholarships/scholarships.module';
import { ParticipantsController } from './participants.controller';
import { ParticipantsExportService } from './participants-export.service';
import { ParticipantsImportService } from './participants-import.service';
import { ParticipantsMergeService } from './participants-merge.service';
import { ParticipantsPrivacyService } from './participants-privacy.service';
import { ParticipantsRepository } from './participants.repository';
import { ParticipantsService } from './participants.service';
import { ParticipantSearchIndexesRepository } from './search-indexes.repository';
import { ParticipantSearchYears } from './search-years';

@Module({
  // Programs and scholarships for their privacy ports (personal-data export and erasure).
  imports: [OrganizationsModule, ProgramsModule, ScholarshipsModule],
  controllers: [ParticipantsController],
  providers: [
    ParticipantsService,
    ParticipantsRepository,
    ParticipantsImportService,
    ParticipantsExportService,
    ParticipantsPrivacyService,
    ParticipantsMergeService,
    ParticipantSearchYears,
    ParticipantSearchIndexesRepository,
    BirthDateConstraint,
  ],
  exports: [ParticipantsService, ParticipantsRepository],
})
export class ParticipantsModule {}
