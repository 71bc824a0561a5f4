import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { TransactionRunner } from '../common/database/transaction-runner';
import { Page } from '../common/pagination';
import { AidAccessService } from './aid-access.service';
import { AidProjectsRepository } from './aid-projects.repository';
import { AidTransactionsRepository } from './aid-transactions.repository';
import {
  AidTransactionQueryDto,
  AidTransactionResponse,
  CreateAidTransactionDto,
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
