import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/actor';
import { PageOf } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import { AidTransactionsService } from './aid-transactions.service';
import {
  AidTransactionQueryDto,
  AidTransactionResponse,
  CreateAidTransactionDto,
  ReverseDto,
} from './dto/aid-transaction.dto';

class AidTransactionPage extends PageOf(AidTransactionResponse) {}

/** Writes: staff or implementing organisations (403 otherwise); reads: participants (404 otherwise). */
@ApiTags('aid-projects')
@Controller('aid-projects/:id/transactions')
export class AidTransactionsController {
  constructor(private readonly transactions: AidTransactionsService) {}

  /** Record an aid project transaction. */
  @Post()
  @AnyRole()
  @ApiCreatedResponse({ type: AidTransactionResponse })
  create(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: CreateAidTransactionDto,
  ): Promise<AidTransactionResponse> {
    return this.transactions.create(actor, id, dto);
  }

  /**
   * Corrects a transaction by an equal and opposite entry (`reverses`); 409 ALREADY_REVERSED on
   * a second reversal, 409 REVERSAL_NOT_REVERSIBLE for a reversal.
   */
  @Post(':transactionId/reverse')
  @AnyRole()
  @ApiCreatedResponse({ type: AidTransactionResponse })
  reverse(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('transactionId') transactionId: string,
    @Body() dto: ReverseDto,
  ): Promise<AidTransactionResponse> {
    return this.transactions.reverse(actor, id, transactionId, dto);
  }

  /** List an aid project's transactions. */
  @Get()
  @AnyRole()
  @ApiOkResponse({ type: AidTransactionPage })
  list(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: AidTransactionQueryDto,
  ): Promise<AidTransactionPage> {
    return this.transactions.list(actor, id, query);
  }
}
