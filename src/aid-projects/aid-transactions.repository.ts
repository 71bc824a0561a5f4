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
    return this.findById(m, inserted[0].id);
  }

  /**
   * Locks a transaction of the project (SELECT … FOR UPDATE) until the transaction ends; null
   * when the project has no such transaction.
   */
  async lockInProject(
    m: EntityManager,
    projectId: string,
    id: string,
  ): Promise<{ id: string; reversesId: string | null } | null> {
    const rows: { id: string; reverses_id: string | null }[] = await m.query(
      `SELECT id, reverses_id FROM aid_transactions WHERE id = $1 AND project_id = $2 FOR UPDATE`,
      [id, projectId],
    );
    return rows[0] ? { id: rows[0].id, reversesId: rows[0].reverses_id } : null;
  }

  /** The reversal of a transaction, or null. */
  async reversalOf(m: EntityManager, id: string): Promise<string | null> {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM aid_transactions WHERE reverses_id = $1`,
      [id],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Inserts the equal and opposite entry of a transaction (same project, type and currency,
   * negated amount); null when it already has one (unique `reverses_id`).
   */
  async insertReversal(
    m: EntityManager,
    r: { reverses: string; reason: string; date: string; createdBy: string },
  ): Promise<AidTransactionEntity | null> {
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO aid_transactions (project_id, type, amount, currency, transaction_date, description, created_by, reverses_id, reason)
       SELECT project_id, type, -amount, currency, $2, description, $3, id, $4 FROM aid_transactions WHERE id = $1
       ON CONFLICT (reverses_id) DO NOTHING RETURNING id`,
      [r.reverses, r.date, r.createdBy, r.reason],
    );
    if (inserted.length === 0) return null;
    return this.findById(m, inserted[0].id);
  }

  async findById(m: EntityManager, id: string): Promise<AidTransactionEntity> {
    return m.getRepository(AidTransactionEntity).findOneByOrFail({ id });
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
