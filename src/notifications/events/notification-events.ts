import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner } from '../../common/database/transaction-runner';
import { QueueProducer } from '../../common/queue/queue-producer.service';
import { eventJobId } from '../../common/queue/queue.constants';
import type { NotificationEvent } from './notification-event';
import { NotificationEventsRepository } from './notification-events.repository';

/**
 * The port other domains call to tell people of a change: `record` inside the transaction of
 * the change (so the event exists exactly when the change does), and the delivery is enqueued
 * as soon as that transaction commits. When Redis is down the row waits for the worker's sweep.
 */
@Injectable()
export class NotificationEvents {
  constructor(
    private readonly repo: NotificationEventsRepository,
    private readonly tx: TransactionRunner,
    private readonly producer: QueueProducer,
  ) {}

  async record(m: EntityManager, event: NotificationEvent): Promise<void> {
    const id = await this.repo.insert(m, event);
    this.tx.afterCommit(m, () => this.enqueue(id));
  }

  enqueue(eventId: string) {
    return this.producer.add('event.deliver', { eventId }, { jobId: eventJobId(eventId) });
  }
}
