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
    return repo.findOneByOrFail({ id: inserted.identifiers[0].id as string });
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
