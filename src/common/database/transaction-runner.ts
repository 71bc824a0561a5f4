import { Global, Injectable, Module } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Opens a transaction for a service, so services hold rules and need not inject `DataSource`;
 * the work receives the transaction's EntityManager and passes it to repositories explicitly.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}

/** Provides {@link TransactionRunner} everywhere once imported (by the core imports). */
@Global()
@Module({ providers: [TransactionRunner], exports: [TransactionRunner] })
export class TransactionRunnerModule {}
