import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor';
import { AnyRole, CurrentActor, Roles } from '../common/auth/auth.decorators';
import { PageOf, PageQueryDto } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import { ApplicationTransitionsService } from './application-transitions.service';
import { ApplicationsService } from './applications.service';
import { DecisionsService } from './decisions.service';
import { DisbursementsService } from './disbursements.service';
import {
  ApplicationPage,
  ApplicationQueryDto,
  ApplicationResponse,
  DeclineResponse,
  DecisionDto,
  UpdateApplicationDto,
} from './dto/application.dto';
import {
  CreateDisbursementDto,
  DisbursementResponse,
  ReverseDisbursementDto,
} from './dto/disbursement.dto';
import { CreateReviewDto, ReviewListResponse, ReviewResponse } from './dto/review.dto';
import { ReviewsService } from './reviews.service';

class DisbursementPage extends PageOf(DisbursementResponse) {}

/**
 * Scholarship applications. An ngo_member reaches only its organisation's applications
 * (others answer 404); state moves answer 409 INVALID_TRANSITION when not allowed.
 */
@ApiTags('scholarships')
@Controller('applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly transitions: ApplicationTransitionsService,
    private readonly decisions: DecisionsService,
    private readonly reviews: ReviewsService,
    private readonly disbursements: DisbursementsService,
  ) {}

  /** List scholarship applications. */
  @Get()
  @AnyRole()
  @ApiOkResponse({ type: ApplicationPage })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ApplicationQueryDto,
  ): Promise<ApplicationPage> {
    return this.applications.list(actor, query);
  }

  /** One scholarship application. */
  @Get(':id')
  @AnyRole()
  @ApiOkResponse({ type: ApplicationResponse })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<ApplicationResponse> {
    return this.applications.get(actor, id);
  }

  /** Edits the statement of a draft (409 APPLICATION_NOT_EDITABLE otherwise). */
  @Patch(':id')
  @AnyRole()
  @ApiOkResponse({ type: ApplicationResponse })
  update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: UpdateApplicationDto,
  ): Promise<ApplicationResponse> {
    return this.applications.update(actor, id, dto);
  }

  /** draft → submitted (422 NOT_OPEN, DEADLINE_PASSED, NOT_ELIGIBLE). */
  @Post(':id/submit')
  @HttpCode(200)
  @AnyRole()
  @ApiOkResponse({ type: ApplicationResponse })
  submit(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<ApplicationResponse> {
    return this.transitions.submit(actor, id);
  }

  /** draft | submitted | under_review → withdrawn. */
  @Post(':id/withdraw')
  @HttpCode(200)
  @AnyRole()
  @ApiOkResponse({ type: ApplicationResponse })
  withdraw(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<ApplicationResponse> {
    return this.transitions.withdraw(actor, id);
  }

  /** awarded → accepted. */
  @Post(':id/accept')
  @HttpCode(200)
  @AnyRole()
  @ApiOkResponse({ type: ApplicationResponse })
  accept(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<ApplicationResponse> {
    return this.transitions.accept(actor, id);
  }

  /** awarded → declined; frees the place (staff also get the next ranked candidate). */
  @Post(':id/decline')
  @HttpCode(200)
  @AnyRole()
  @ApiOkResponse({ type: DeclineResponse })
  decline(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<DeclineResponse> {
    return this.decisions.decline(actor, id);
  }

  /** under_review → awarded | rejected (409 QUOTA_EXCEEDED, 403 CONFLICT_OF_INTEREST). */
  @Post(':id/decision')
  @HttpCode(200)
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: ApplicationResponse })
  decide(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: DecisionDto,
  ): Promise<ApplicationResponse> {
    return this.decisions.decide(actor, id, dto.decision);
  }

  /** One review per reviewer (409 ALREADY_REVIEWED, 403 CONFLICT_OF_INTEREST). */
  @Post(':id/reviews')
  @Roles('admin', 'coordinator')
  @ApiCreatedResponse({ type: ReviewResponse })
  review(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: CreateReviewDto,
  ): Promise<ReviewResponse> {
    return this.reviews.create(actor, id, dto);
  }

  /** Coordinators see reviews only after submitting their own; NGO members never (403). */
  @Get(':id/reviews')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: ReviewListResponse })
  listReviews(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<ReviewListResponse> {
    return this.reviews.list(actor, id);
  }

  /** Records a stipend payment on an accepted award (422 NOT_DISBURSABLE otherwise). */
  @Post(':id/disbursements')
  @Roles('admin', 'coordinator')
  @ApiCreatedResponse({ type: DisbursementResponse })
  disburse(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: CreateDisbursementDto,
  ): Promise<DisbursementResponse> {
    return this.disbursements.create(actor, id, dto);
  }

  /**
   * Corrects a payment by an equal and opposite entry (`reverses`); 409 ALREADY_REVERSED on a
   * second reversal, 409 REVERSAL_NOT_REVERSIBLE for a reversal.
   */
  @Post(':id/disbursements/:disbursementId/reverse')
  @Roles('admin', 'coordinator')
  @ApiCreatedResponse({ type: DisbursementResponse })
  reverseDisbursement(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('disbursementId') disbursementId: string,
    @Body() dto: ReverseDisbursementDto,
  ): Promise<DisbursementResponse> {
    return this.disbursements.reverse(actor, id, disbursementId, dto);
  }

  /** List an application's disbursements. */
  @Get(':id/disbursements')
  @AnyRole()
  @ApiOkResponse({ type: DisbursementPage })
  listDisbursements(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQueryDto,
  ): Promise<DisbursementPage> {
    return this.disbursements.list(actor, id, query);
  }
}
