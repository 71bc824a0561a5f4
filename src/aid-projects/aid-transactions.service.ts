import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import { AlreadyReversedError, NotFoundError, ReversalNotReversibleError } from '../common/errors';
import { Page } from '../common/pagination';
import { AidAccessService } from './aid-access.service';
import { AidProjectsRepository } from './aid-projects.repository';
import { AidTransactionsRepository } from './aid-transactions.repository';
import {
  AidTransactionQueryDto,
  AidTransactionResponse,
  CreateAidTransactionDto,
  ReverseDto,
  toAidTransactionResponse,
} from './dto/aid-transaction.dto';

/**
 * Commitments, disbursements and expenditure of a project, in any currency. Amounts travel as
 * decimal strings from the request to `numeric` columns and back; sums are computed by Postgres.
 */
@Injectable()
export class AidTransactionsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: AidAccessService,
    private readonly audit: AuditService,
    private readonly transactions: AidTransactionsRepository,
    private readonly projects: AidProjectsRepository,
    private readonly clock: Clock,
  ) {}

  /** Staff, or members of an implementing organisation (see {@link AidAccessService}). */
  async create(
    actor: Actor,
    projectId: string,
    dto: CreateAidTransactionDto,
  ): Promise<AidTransactionResponse> {
    return this.tx.run(async (m) => {
      await this.access.assertCanContribute(actor, projectId, m);
      const created = toAidTransactionResponse(
        await this.transactions.insert(m, {
          projectId,
          type: dto.type,
          amount: dto.value.amount,
          currency: dto.value.currency,
          date: dto.date,
          description: dto.description ?? null,
          createdBy: actor.userId,
        }),
      );
      await this.audit.record(m, {
        action: 'aid_transaction.created',
        entityType: 'aid_transaction',
        entityId: created.id,
        after: created,
      });
      return created;
    });
  }

  /**
   * Corrects a transaction by an equal and opposite entry dated today (UTC) that names it
   * (`reverses`); the totals then include both. Who may add a transaction may reverse one.
   * A transaction is reversed at most once (409 ALREADY_REVERSED) and a reversal never
   * (409 REVERSAL_NOT_REVERSIBLE): the original row is locked while reversing, and the unique
   * `reverses_id` holds the rule even without the lock.
   */
  async reverse(
    actor: Actor,
    projectId: string,
    transactionId: string,
    dto: ReverseDto,
  ): Promise<AidTransactionResponse> {
    return this.tx.run(async (m) => {
      // Transaction lines are not public: a member of an organisation not taking part gets 404.
      await this.access.assertCanView(actor, projectId, m);
      await this.access.assertCanContribute(actor, projectId, m);
      const original = await this.transactions.lockInProject(m, projectId, transactionId);
      if (!original) throw new NotFoundError('Transaction');
      if (original.reversesId) throw new ReversalNotReversibleError(original.reversesId);
      const existing = await this.transactions.reversalOf(m, transactionId);
      if (existing) throw new AlreadyReversedError(existing);
      const inserted = await this.transactions.insertReversal(m, {
        reverses: transactionId,
        reason: dto.reason,
        date: this.clock.now().toISOString().slice(0, 10),
        createdBy: actor.userId,
      });
      if (!inserted)
        throw new AlreadyReversedError(await this.transactions.reversalOf(m, transactionId));
      const reversal = toAidTransactionResponse(inserted);
      await this.audit.record(m, {
        action: 'aid_transaction.reversed',
        entityType: 'aid_transaction',
        entityId: transactionId,
        after: { reversedBy: reversal.id, reason: dto.reason },
      });
      await this.audit.record(m, {
        action: 'aid_transaction.created',
        entityType: 'aid_transaction',
        entityId: reversal.id,
        after: reversal,
      });
      return reversal;
    });
  }

  /** Transaction lines, oldest first by date; visible to staff and participating organisations. */
  async list(
    actor: Actor,
    projectId: string,
    query: AidTransactionQueryDto,
  ): Promise<Page<AidTransactionResponse>> {
    await this.access.assertCanView(actor, projectId, this.projects.outsideTransaction);
    const page = await this.transactions.listForProject(
      projectId,
      { type: query.type, currency: query.currency },
      query,
    );
    return { items: page.items.map(toAidTransactionResponse), nextCursor: page.nextCursor };
  }
}
