import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { PeriodicJobs } from '../common/queue/periodic-jobs';
import { ensureSearchYearIndexes } from './search-years';

/**
 * Next year's index is built long before its first row (every six hours, and as soon as the
 * scheduler is first installed), so a year never starts on the whole-table index alone; a failed
 * or interrupted build is tried again at the next run.
 */
const EVERY_MS = 6 * 3600_000;

/** The worker's periodic `participants.search-indexes` job (see search-years.ts). */
@Injectable()
export class ParticipantSearchIndexes implements OnApplicationBootstrap {
  private readonly logger = new Logger(ParticipantSearchIndexes.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly periodic: PeriodicJobs,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.keep({
      schedulerId: 'participants-search-indexes',
      name: 'participants.search-indexes',
      data: {},
      every: EVERY_MS,
    });
  }

  /** Builds what is missing; `built: null` when another worker was already at it. */
  async run(): Promise<{ built: number[] | null }> {
    // One connection of its own: the run holds an advisory lock and a session setting on it.
    const session = this.dataSource.createQueryRunner('master');
    try {
      const built = await ensureSearchYearIndexes(session, this.clock.now());
      if (built?.length)
        this.logger.log(`built participant search indexes for ${built.join(', ')}`);
      return { built };
    } finally {
      await session.release();
    }
  }
}
