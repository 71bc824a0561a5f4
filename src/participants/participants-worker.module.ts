import { Module } from '@nestjs/common';
import { ParticipantSearchIndexes } from './search-indexes.cron';
import { ParticipantSearchIndexesRepository } from './search-indexes.repository';

/** The worker side of participants: keeping the per-year search indexes built. */
@Module({
  providers: [ParticipantSearchIndexes, ParticipantSearchIndexesRepository],
  exports: [ParticipantSearchIndexes],
})
export class ParticipantsWorkerModule {}
