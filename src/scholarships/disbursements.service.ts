import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { ValidationFailedError } from '../common/errors';
import { formatAmount } from '../common/money/money.dto';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { ApplicationsRepository } from './applications.repository';
import {
  CreateDisbursementDto,
  DisbursementResponse,
  DisbursementTotalsResponse,
  toDisbursementResponse,
} from './dto/disbursement.dto';
import { DisbursementEntity } from './disbursement.entity';
import { NotDisbursableError } from './scholarships.errors';
import { ScholarshipsRepository } from './scholarships.repository';

/** Stipend payments against accepted awards, and their exact totals per scheme. */
@Injectable()
export class DisbursementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly applications: ApplicationsRepository,
    private readonly schemes: ScholarshipsRepository,
  ) {}

  /**
   * Records a payment (staff). Only an accepted award is disbursable (422 NOT_DISBURSABLE);
   * the amount must be positive. Any currency is accepted (a stipend may be paid locally).
   */
  async create(
    actor: Actor,
    applicationId: string,
    dto: CreateDisbursementDto,
  ): Promise<DisbursementResponse> {
    if (/^-|^0+(\.0+)?$/.test(dto.amount.amount)) {
      throw new ValidationFailedError([
        { field: 'amount.amount', message: 'amount must be greater than zero' },
      ]);
    }
    return this.dataSource.transaction(async (m) => {
      // A share lock keeps the status as read until the payment commits.
      const app = await this.applications.findScoped(m, actor, applicationId, 'share');
      if (app.status !== 'accepted') throw new NotDisbursableError(app.status);
      const repo = m.getRepository(DisbursementEntity);
      const inserted = await repo.insert({
        applicationId,
        amount: dto.amount.amount,
        currency: dto.amount.currency,
        paidOn: dto.paidOn,
        reference: dto.reference,
        createdBy: actor.userId,
      });
      const saved = await repo.findOneByOrFail({ id: inserted.identifiers[0].id as string });
      await this.audit.record(m, {
        action: 'disbursement.created',
        entityType: 'disbursement',
        entityId: saved.id,
        after: toDisbursementResponse(saved),
      });
      return toDisbursementResponse(saved);
    });
  }

  /** Payments of one application, oldest first (the owning ngo_member may read them). */
  async list(
    actor: Actor,
    applicationId: string,
    query: PageQueryDto,
  ): Promise<Page<DisbursementResponse>> {
    await this.applications.findScoped(this.dataSource.manager, actor, applicationId);
    const qb = this.dataSource
      .getRepository(DisbursementEntity)
      .createQueryBuilder('d')
      .where('d.application_id = :applicationId', { applicationId });
    return paginate(qb, query, toDisbursementResponse);
  }

  /** Totals per currency, summed in Postgres on numeric (exact decimal strings). */
  async totals(scholarshipId: string): Promise<DisbursementTotalsResponse> {
    await this.schemes.find(this.dataSource.manager, scholarshipId);
    const rows: { currency: string; amount: string; count: number }[] = await this.dataSource.query(
      `SELECT d.currency, sum(d.amount)::text AS amount, count(*)::int AS count
         FROM disbursements d JOIN scholarship_applications a ON a.id = d.application_id
        WHERE a.scholarship_id = $1
        GROUP BY d.currency ORDER BY d.currency`,
      [scholarshipId],
    );
    return {
      scholarshipId,
      totals: rows.map((r) => ({
        currency: r.currency.trim(),
        amount: formatAmount(r.amount),
        count: r.count,
      })),
    };
  }
}
