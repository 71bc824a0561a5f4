import { Global, Injectable, Logger, Module } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

type AfterCommit = () => Promise<unknown> | unknown;

/**
 * Opens a transaction for a service, so services hold rules and need not inject `DataSource`;
 * the work receives the transaction's EntityManager and passes it to repositories explicitly.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);
  private readonly afterCommits = new WeakMap<EntityManager, AfterCommit[]>();

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    let hooks: AfterCommit[] = [];
    const result = await this.dataSource.transaction(async (m) => {
      hooks = [];
      this.afterCommits.set(m, hooks);
      try {
        return await work(m);
      } finally {
        this.afterCommits.delete(m);
      }
    });
    // Nothing here may undo the commit or fail the caller: a hook is a speed-up (enqueue now
    // rather than at the next sweep), whatever it must not lose is already in an outbox row.
    for (const hook of hooks) {
      try {
        await hook();
      } catch (err) {
        this.logger.warn(`after-commit hook failed: ${(err as Error).message}`);
      }
    }
    return result;
  }

  /**
   * Runs `hook` once the transaction of `manager` has committed (never if it rolls back).
   * Outside a transaction opened by {@link run} it is dropped: callers keep an outbox row for
   * that case, drained by a sweep.
   */
  afterCommit(manager: EntityManager, hook: AfterCommit): boolean {
    const hooks = this.afterCommits.get(manager);
    if (!hooks) return false;
    hooks.push(hook);
    return true;
  }
}

/** Provides {@link TransactionRunner} everywhere once imported (by the core imports). */
@Global()
@Module({ providers: [TransactionRunner], exports: [TransactionRunner] })
export class TransactionRunnerModule {}
