import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ParticipantsController } from './participants.controller';
import { ParticipantsExportService } from './participants-export.service';
import { ParticipantsImportService } from './participants-import.service';
import { ParticipantsPrivacyService } from './participants-privacy.service';
import { ParticipantsRepository } from './participants.repository';
import { ParticipantsService } from './participants.service';

@Module({
  imports: [OrganizationsModule],
  controllers: [ParticipantsController],
  providers: [
    ParticipantsService,
    ParticipantsRepository,
    ParticipantsImportService,
    ParticipantsExportService,
    ParticipantsPrivacyService,
  ],
  exports: [ParticipantsService, ParticipantsRepository],
})
export class ParticipantsModule {}
