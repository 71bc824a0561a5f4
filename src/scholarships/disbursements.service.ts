import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { ValidationFailedError } from '../common/errors';
import { formatAmount } from '../common/money/money.dto';
import { TransactionRunner } from '../common/database/transaction-runner';
import { Page, PageQueryDto } from '../common/pagination';
import { ApplicationsRepository } from './applications.repository';
import {
  CreateDisbursementDto,
  DisbursementResponse,
  DisbursementTotalsResponse,
  toDisbursementResponse,
} from './dto/disbursement.dto';
import { DisbursementsRepository } from './disbursements.repository';
import { NotDisbursableError } from './scholarships.errors';
import { ScholarshipsRepository } from './scholarships.repository';

/** Stipend payments against accepted awards, and their exact totals per scheme. */
@Injectable()
export class DisbursementsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly applications: ApplicationsRepository,
    private readonly schemes: ScholarshipsRepository,
    private readonly disbursements: DisbursementsRepository,
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
    return this.tx.run(async (m) => {
      // A share lock keeps the status as read until the payment commits.
      const app = await this.applications.findScoped(m, actor, applicationId, 'share');
      if (app.status !== 'accepted') throw new NotDisbursableError(app.status);
      const saved = await this.disbursements.insert(m, {
        applicationId,
        amount: dto.amount.amount,
        currency: dto.amount.currency,
        paidOn: dto.paidOn,
        reference: dto.reference,
        createdBy: actor.userId,
      });
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
    await this.applications.findScoped(undefined, actor, applicationId);
    const page = await this.disbursements.listForApplication(applicationId, query);
    return { items: page.items.map(toDisbursementResponse), nextCursor: page.nextCursor };
  }

  /** Totals per currency, summed in Postgres on numeric (exact decimal strings). */
  async totals(scholarshipId: string): Promise<DisbursementTotalsResponse> {
    await this.schemes.find(undefined, scholarshipId);
    const rows = await this.disbursements.totalsForScholarship(scholarshipId);
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
