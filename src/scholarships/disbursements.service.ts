import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { Clock } from '../common/clock';
import {
  AlreadyReversedError,
  NotFoundError,
  ReversalNotReversibleError,
  ValidationFailedError,
} from '../common/errors';
import { addAmounts, formatAmount } from '../common/money/money.dto';
import { TransactionRunner } from '../common/database/transaction-runner';
import { Page, PageQueryDto } from '../common/pagination';
import { ApplicationsRepository } from './applications.repository';
import {
  CreateDisbursementDto,
  DisbursementResponse,
  DisbursementTotalsResponse,
  ReverseDisbursementDto,
  toDisbursementResponse,
} from './dto/disbursement.dto';
import { DisbursementsRepository } from './disbursements.repository';
import {
  CurrencyMismatchError,
  DisbursementExceedsAwardError,
  NotDisbursableError,
} from './scholarships.errors';
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
    private readonly clock: Clock,
  ) {}

  /**
   * Records a payment (staff). Only an accepted award is disbursable (422 NOT_DISBURSABLE);
   * the amount must be positive, in the stipend's currency (422 CURRENCY_MISMATCH), and the
   * award's payments net of reversals never exceed the stipend (422 DISBURSEMENT_EXCEEDS_AWARD).
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
      // An exclusive lock keeps the status as read until the payment commits, and serialises
      // the payments of one award so each sees what the previous ones paid.
      const app = await this.applications.findScoped(m, actor, applicationId, 'update');
      if (app.status !== 'accepted') throw new NotDisbursableError(app.status);
      const scheme = await this.schemes.find(m, app.scholarshipId);
      const currency = scheme.stipendCurrency.trim();
      if (dto.amount.currency !== currency)
        throw new CurrencyMismatchError(currency, dto.amount.currency);
      const paid = formatAmount(
        await this.disbursements.paidInCurrency(m, applicationId, currency),
      );
      const stipend = formatAmount(scheme.stipendAmount);
      const remaining = addAmounts(stipend, negate(paid));
      if (addAmounts(remaining, negate(dto.amount.amount)).startsWith('-'))
        throw new DisbursementExceedsAwardError({ stipend, paid, remaining, currency });
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

  /**
   * Corrects a payment (staff) by an equal and opposite entry dated today (UTC) that names it
   * (`reverses`); totals include both, and the amount is available to pay again. A payment is
   * reversed at most once (409 ALREADY_REVERSED) and a reversal never (409
   * REVERSAL_NOT_REVERSIBLE). Locks the application, then the payment, like a new payment does.
   */
  async reverse(
    actor: Actor,
    applicationId: string,
    disbursementId: string,
    dto: ReverseDisbursementDto,
  ): Promise<DisbursementResponse> {
    return this.tx.run(async (m) => {
      await this.applications.findScoped(m, actor, applicationId, 'update');
      const original = await this.disbursements.lockInApplication(m, applicationId, disbursementId);
      if (!original) throw new NotFoundError('Disbursement');
      if (original.reversesId) throw new ReversalNotReversibleError(original.reversesId);
      const existing = await this.disbursements.reversalOf(m, disbursementId);
      if (existing) throw new AlreadyReversedError(existing);
      const inserted = await this.disbursements.insertReversal(m, {
        reverses: disbursementId,
        reason: dto.reason,
        paidOn: this.clock.now().toISOString().slice(0, 10),
        createdBy: actor.userId,
      });
      if (!inserted)
        throw new AlreadyReversedError(await this.disbursements.reversalOf(m, disbursementId));
      const reversal = toDisbursementResponse(inserted);
      await this.audit.record(m, {
        action: 'disbursement.reversed',
        entityType: 'disbursement',
        entityId: disbursementId,
        after: { reversedBy: reversal.id, reason: dto.reason },
      });
      await this.audit.record(m, {
        action: 'disbursement.created',
        entityType: 'disbursement',
        entityId: reversal.id,
        after: reversal,
      });
      return reversal;
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

/** `12.50` → `-12.50`, for exact subtraction with {@link addAmounts}. */
function negate(amount: string): string {
  return amount.startsWith('-') ? amount.slice(1) : `-${amount}`;
}
