import { Global, Injectable, Module } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

/**
 * Opens a transaction for a service, so services hold rules and need not inject `DataSource`;
 * the work receives the transaction's EntityManager and passes it to repositories explicitly.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  /** The same, at a stricter isolation level (e.g. one consistent snapshot for an export). */
  run<T>(isolation: IsolationLevel, work: (m: EntityManager) => Promise<T>): Promise<T>;
  run<T>(
    isolationOrWork: IsolationLevel | ((m: EntityManager) => Promise<T>),
    work?: (m: EntityManager) => Promise<T>,
  ): Promise<T> {
    return typeof isolationOrWork === 'function'
      ? this.dataSource.transaction(isolationOrWork)
      : this.dataSource.transaction(isolationOrWork, work!);
  }
}

/** Provides {@link TransactionRunner} everywhere once imported (by the core imports). */
@Global()
@Module({ providers: [TransactionRunner], exports: [TransactionRunner] })
export class TransactionRunnerModule {}
