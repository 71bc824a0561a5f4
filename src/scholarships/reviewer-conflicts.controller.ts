import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import {
  CreateReviewerConflictDto,
  ReviewerConflictListResponse,
  ReviewerConflictResponse,
} from './dto/review.dto';
import { ReviewsService } from './reviews.service';

/** A reviewer's own declared conflicts of interest with organisations. */
@ApiTags('scholarships')
@Controller('reviewer-conflicts')
export class ReviewerConflictsController {
  constructor(private readonly reviews: ReviewsService) {}

  /** 409 CONFLICT_ALREADY_DECLARED when declared before; 404 for an unknown organisation. */
  @Post()
  @Roles('admin', 'coordinator')
  @ApiCreatedResponse({ type: ReviewerConflictResponse })
  declare(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateReviewerConflictDto,
  ): Promise<ReviewerConflictResponse> {
    return this.reviews.declareConflict(actor, dto);
  }

  /** The caller's declared reviewer conflicts. */
  @Get()
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: ReviewerConflictListResponse })
  mine(@CurrentActor() actor: Actor): Promise<ReviewerConflictListResponse> {
    return this.reviews.listConflicts(actor);
  }
}
