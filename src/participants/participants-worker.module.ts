import { Module } from '@nestjs/common';
import { ParticipantSearchIndexes } from './search-indexes.cron';

/** The worker side of participants: keeping the per-year search indexes built. */
@Module({ providers: [ParticipantSearchIndexes], exports: [ParticipantSearchIndexes] })
export class ParticipantsWorkerModule {}
