import { Global, Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { QueueProducer } from '../queue/queue-producer.service';
import { reminderOutboxJobId } from '../queue/queue.constants';

/** Entity types whose dates drive reminders. */
export type DatedEntityType =
  'program' | 'scholarship' | 'milestone' | 'organization' | 'partnership';

/**
 * Writes the outbox row inside the transaction that creates a dated record, changes one of its
 * dates or closes it (cancelled, completed, deleted). Seeds call this directly; services go
 * through {@link DatedRecordOutbox}, which also wakes the worker once the transaction commits.
 */
export async function touchDatedRecord(
  manager: EntityManager,
  entityType: DatedEntityType,
  entityId: string,
): Promise<string> {
  const [row]: { id: string }[] = await manager.query(
    `INSERT INTO reminder_outbox (entity_type, entity_id) VALUES ($1, $2) RETURNING id`,
    [entityType, entityId],
  );
  return row.id;
}

/**
 * The port domains call when a record's dates change. The row is the guarantee (the periodic
 * sweep drains it even when Redis was down); the job enqueued right after the commit makes the
 * reminder schedule follow at once, so a reminder due seconds after the change is still on time.
 */
@Injectable()
export class DatedRecordOutbox {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly producer: QueueProducer,
  ) {}

  async touch(m: EntityManager, entityType: DatedEntityType, entityId: string): Promise<void> {
    const rowId = await touchDatedRecord(m, entityType, entityId);
    this.tx.afterCommit(m, () =>
      this.producer.add('reminders.outbox', {}, { jobId: reminderOutboxJobId(rowId) }),
    );
  }
}

/** Provides {@link DatedRecordOutbox} everywhere once imported (by the core imports). */
@Global()
@Module({ providers: [DatedRecordOutbox], exports: [DatedRecordOutbox] })
export class DatedRecordOutboxModule {}
