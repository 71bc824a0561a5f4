import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { Page, paginate } from '../common/pagination';
import { AidAccessService } from './aid-access.service';
import { AidTransactionEntity } from './aid-transaction.entity';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AidAccessService,
    private readonly audit: AuditService,
  ) {}

  /** Staff, or members of an implementing organisation (see {@link AidAccessService}). */
  async create(
    actor: Actor,
    projectId: string,
    dto: CreateAidTransactionDto,
  ): Promise<AidTransactionResponse> {
    return this.dataSource.transaction(async (m) => {
      await this.access.assertCanContribute(actor, projectId, m);
      const repo = m.getRepository(AidTransactionEntity);
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO aid_transactions (project_id, type, amount, currency, transaction_date, description, created_by)
         VALUES ($1, $2, $3::numeric, $4, $5, $6, $7) RETURNING id`,
        [
          projectId,
          dto.type,
          dto.value.amount,
          dto.value.currency,
          dto.date,
          dto.description ?? null,
          actor.userId,
        ],
      );
      const created = toAidTransactionResponse(await repo.findOneByOrFail({ id: inserted[0].id }));
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
    await this.access.assertCanView(actor, projectId, this.dataSource.manager);
    const qb = this.dataSource
      .getRepository(AidTransactionEntity)
      .createQueryBuilder('t')
      .where('t.project_id = :projectId', { projectId });
    if (query.type) qb.andWhere('t.type = :type', { type: query.type });
    if (query.currency) qb.andWhere('t.currency = :currency', { currency: query.currency });
    return paginate(qb, query, toAidTransactionResponse, { column: 'transaction_date' });
  }
}
