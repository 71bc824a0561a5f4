import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { randomUUID } from 'crypto';
import { diskStorage } from 'multer';
import { tmpdir } from 'os';
import { Env } from '../config/env.validation';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ParticipantsController } from './participants.controller';
import { ParticipantsExportService } from './participants-export.service';
import { ParticipantsImportService } from './participants-import.service';
import { ParticipantsPrivacyService } from './participants-privacy.service';
import { ParticipantsRepository } from './participants.repository';
import { ParticipantsService } from './participants.service';

@Module({
  imports: [
    OrganizationsModule,
    // Uploads go to a temporary file (removed after the import), never into memory;
    // a file over UPLOAD_LIMIT_BYTES is cut off with 413 PAYLOAD_TOO_LARGE.
    MulterModule.registerAsync({
      inject: [Env],
      useFactory: (env: Env) => ({
        storage: diskStorage({
          destination: tmpdir(),
          filename: (_req, _file, cb) => cb(null, `silkbridge-import-${randomUUID()}.csv`),
        }),
        limits: { fileSize: env.UPLOAD_LIMIT_BYTES, files: 1, fields: 10, parts: 11 },
      }),
    }),
  ],
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
