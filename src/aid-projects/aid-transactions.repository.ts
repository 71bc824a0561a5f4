import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { AidTransactionEntity, AidTransactionType } from './aid-transaction.entity';

/** `aid_transactions`: commitments, disbursements and expenditures of a project. */
@Injectable()
export class AidTransactionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts a transaction (amount cast to numeric by Postgres) and returns it as stored. */
  async insert(
    m: EntityManager,
    t: {
      projectId: string;
      type: AidTransactionType;
      amount: string;
      currency: string;
      date: string;
      description: string | null;
      createdBy: string;
    },
  ): Promise<AidTransactionEntity> {
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO aid_transactions (project_id, type, amount, currency, transaction_date, description, created_by)
       VALUES ($1, $2, $3::numeric, $4, $5, $6, $7) RETURNING id`,
      [t.projectId, t.type, t.amount, t.currency, t.date, t.description, t.createdBy],
    );
    return m.getRepository(AidTransactionEntity).findOneByOrFail({ id: inserted[0].id });
  }

  /** A page of a project's transactions by date (a replica read). */
  async listForProject(
    projectId: string,
    filters: { type?: AidTransactionType; currency?: string },
    page: PageQueryDto,
  ): Promise<Page<AidTransactionEntity>> {
    const qb = this.dataSource
      .getRepository(AidTransactionEntity)
      .createQueryBuilder('t')
      .where('t.project_id = :projectId', { projectId });
    if (filters.type) qb.andWhere('t.type = :type', { type: filters.type });
    if (filters.currency) qb.andWhere('t.currency = :currency', { currency: filters.currency });
    return paginate(qb, page, (t) => t, { column: 'transaction_date' });
  }
}
