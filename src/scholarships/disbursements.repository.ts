import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { DisbursementEntity } from './disbursement.entity';

/** `disbursements`: payments of an accepted application's stipend. */
@Injectable()
export class DisbursementsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(m: EntityManager, values: Partial<DisbursementEntity>): Promise<DisbursementEntity> {
    const repo = m.getRepository(DisbursementEntity);
    const inserted = await repo.insert(values);
    // findOneBy, not the insert's result: it reads `reversedBy` (a virtual column) too.
    return repo.findOneByOrFail({ id: inserted.identifiers[0].id as string });
  }

  /** What an application was paid in a currency, net of reversals (numeric as text). */
  async paidInCurrency(m: EntityManager, applicationId: string, currency: string): Promise<string> {
    const rows: { paid: string }[] = await m.query(
      `SELECT coalesce(sum(amount), 0)::text AS paid FROM disbursements
        WHERE application_id = $1 AND currency = $2`,
      [applicationId, currency],
    );
    return rows[0].paid;
  }

  /**
   * Locks a payment of the application (SELECT … FOR UPDATE) until the transaction ends; null
   * when the application has no such payment.
   */
  async lockInApplication(
    m: EntityManager,
    applicationId: string,
    id: string,
  ): Promise<{ id: string; reversesId: string | null } | null> {
    const rows: { id: string; reverses_id: string | null }[] = await m.query(
      `SELECT id, reverses_id FROM disbursements WHERE id = $1 AND application_id = $2 FOR UPDATE`,
      [id, applicationId],
    );
    return rows[0] ? { id: rows[0].id, reversesId: rows[0].reverses_id } : null;
  }

  /** The reversal of a payment, or null. */
  async reversalOf(m: EntityManager, id: string): Promise<string | null> {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM disbursements WHERE reverses_id = $1`,
      [id],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Inserts the equal and opposite entry of a payment (same application, currency and
   * reference, negated amount); null when it already has one (unique `reverses_id`).
   */
  async insertReversal(
    m: EntityManager,
    r: { reverses: string; reason: string; paidOn: string; createdBy: string },
  ): Promise<DisbursementEntity | null> {
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO disbursements (application_id, amount, currency, paid_on, reference, created_by, reverses_id, reason)
       SELECT application_id, -amount, currency, $2, reference, $3, id, $4 FROM disbursements WHERE id = $1
       ON CONFLICT (reverses_id) DO NOTHING RETURNING id`,
      [r.reverses, r.paidOn, r.createdBy, r.reason],
    );
    if (inserted.length === 0) return null;
    return m.getRepository(DisbursementEntity).findOneByOrFail({ id: inserted[0].id });
  }

  /** A page of an application's payments (a replica read). */
  async listForApplication(
    applicationId: string,
    page: PageQueryDto,
  ): Promise<Page<DisbursementEntity>> {
    const qb = this.dataSource
      .getRepository(DisbursementEntity)
      .createQueryBuilder('d')
      .where('d.application_id = :applicationId', { applicationId });
    return paginate(qb, page, (d) => d);
  }

  /** Sums per currency of a scheme's payments (numeric as text). */
  async totalsForScholarship(
    scholarshipId: string,
  ): Promise<{ currency: string; amount: string; count: number }[]> {
    return this.dataSource.query(
      `SELECT d.currency, sum(d.amount)::text AS amount, count(*)::int AS count
         FROM disbursements d JOIN scholarship_applications a ON a.id = d.application_id
        WHERE a.scholarship_id = $1
        GROUP BY d.currency ORDER BY d.currency`,
      [scholarshipId],
    );
  }
}
