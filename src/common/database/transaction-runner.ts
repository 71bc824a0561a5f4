import { Global, Injectable, Logger, Module } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

type AfterCommit = () => Promise<unknown> | unknown;
type Work<T> = (m: EntityManager) => Promise<T>;

/**
 * Opens a transaction for a service, so services hold rules and need not inject `DataSource`;
 * the work receives the transaction's EntityManager and passes it to repositories explicitly.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);
  private readonly afterCommits = new WeakMap<EntityManager, AfterCommit[]>();

  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: Work<T>): Promise<T>;
  /** The same, at a stricter isolation level (e.g. one consistent snapshot for an export). */
  run<T>(isolation: IsolationLevel, work: Work<T>): Promise<T>;
  async run<T>(isolationOrWork: IsolationLevel | Work<T>, maybeWork?: Work<T>): Promise<T> {
    const work = typeof isolationOrWork === 'function' ? isolationOrWork : maybeWork!;
    let hooks: AfterCommit[] = [];
    const tracked: Work<T> = async (m) => {
      hooks = [];
      this.afterCommits.set(m, hooks);
      try {
        return await work(m);
      } finally {
        this.afterCommits.delete(m);
      }
    };
    const result =
      typeof isolationOrWork === 'function'
        ? await this.dataSource.transaction(tracked)
        : await this.dataSource.transaction(isolationOrWork, tracked);
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
