import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../common/clock';
import type { SqlRunner } from '../common/database/prepared-queries';
import { PeriodicJobs } from '../common/queue/periodic-jobs';
import { QueueProducer } from '../common/queue/queue-producer.service';
import { JOB_OPTIONS, JOB_QUEUES } from '../common/queue/queue.constants';
import { ParticipantSearchIndexesRepository } from './search-indexes.repository';

/**
 * Next year's index is built long before its first row (every six hours, and at each worker
 * start), so a year never starts on the whole-table index alone; a failed or interrupted build is
 * tried again at the next run.
 */
const EVERY_MS = 6 * 3600_000;

/**
 * The job id of the run each worker start enqueues: the scheduler runs at once only when it is
 * first installed, and a database restored or recreated under an existing Redis would otherwise
 * wait up to six hours. One id, so workers starting together enqueue one run.
 */
export const SEARCH_INDEXES_STARTUP_JOB_ID = 'participants-search-indexes-startup';

/**
 * Makes sure every year that has participants, this year and next year (by `now`) have their
 * valid partial search index (see search-years.ts), on a dedicated connection (`session` if
 * given). Answers the years it built, or null when another session was already building. An
 * invalid index was left by an interrupted build (with the lock held it cannot be one under
 * way): it is built again. A year that fails does not stop the others; the run then fails.
 */
export async function ensureSearchYearIndexes(
  repo: ParticipantSearchIndexesRepository,
  now: Date,
  session?: SqlRunner,
): Promise<number[] | null> {
  return repo.whileBuilding(async (db) => {
    const thisYear = now.getUTCFullYear();
    const years = new Set([...(await repo.yearsWithRows(db)), thisYear, thisYear + 1]);
    const existing = await repo.yearIndexes(db);
    const built: number[] = [];
    const failed: string[] = [];
    for (const year of [...years].sort((a, b) => a - b)) {
      if (existing.get(year) === true) continue;
      try {
        await repo.buildYearIndex(db, year, existing.has(year));
        built.push(year);
      } catch (err) {
        failed.push(`${year}: ${(err as Error).message}`);
      }
    }
    if (failed.length)
      throw new Error(`participant search indexes not built for ${failed.join('; ')}`);
    return built;
  }, session);
}

/** The worker's periodic `participants.search-indexes` job. */
@Injectable()
export class ParticipantSearchIndexes implements OnApplicationBootstrap {
  private readonly logger = new Logger(ParticipantSearchIndexes.name);

  constructor(
    private readonly repo: ParticipantSearchIndexesRepository,
    private readonly periodic: PeriodicJobs,
    private readonly producer: QueueProducer,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.keep({
      schedulerId: 'participants-search-indexes',
      name: 'participants.search-indexes',
      data: {},
      every: EVERY_MS,
    });
    // Straight to the queue, not through the fail-fast add(): at start-up the connection may not
    // be ready yet, and a worker must not wait for Redis to start. The add lands when it is.
    const name = 'participants.search-indexes';
    this.producer
      .queue(JOB_QUEUES[name])
      .add(name, {}, { ...JOB_OPTIONS[name], jobId: SEARCH_INDEXES_STARTUP_JOB_ID })
      .catch((err: Error) => this.logger.warn(`${name} not enqueued at start: ${err.message}`));
  }

  /** Builds what is missing; `built: null` when another worker was already at it. */
  async run(): Promise<{ built: number[] | null }> {
    const built = await ensureSearchYearIndexes(this.repo, this.clock.now());
    if (built?.length) this.logger.log(`built participant search indexes for ${built.join(', ')}`);
    return { built };
  }
}
