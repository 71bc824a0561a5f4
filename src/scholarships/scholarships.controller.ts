import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor';
import { AnyRole, CurrentActor, Roles } from '../common/auth/auth.decorators';
import { PageOf } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import { ApplicationsService } from './applications.service';
import { DisbursementsService } from './disbursements.service';
import {
  ApplicationPage,
  ApplicationQueryDto,
  ApplicationResponse,
  CreateApplicationDto,
} from './dto/application.dto';
import { DisbursementTotalsResponse } from './dto/disbursement.dto';
import { RankingResponse } from './dto/ranking.dto';
import {
  CreateScholarshipDto,
  ScholarshipQueryDto,
  ScholarshipResponse,
  UpdateScholarshipDto,
} from './dto/scholarship.dto';
import { RankingService } from './ranking.service';
import { ScholarshipsService } from './scholarships.service';

class ScholarshipPage extends PageOf(ScholarshipResponse) {}

@ApiTags('scholarships')
@Controller('scholarships')
export class ScholarshipsController {
  constructor(
    private readonly scholarships: ScholarshipsService,
    private readonly applications: ApplicationsService,
    private readonly ranking: RankingService,
    private readonly disbursements: DisbursementsService,
  ) {}

  /** Create a scholarship. */
  @Post()
  @Roles('admin', 'coordinator')
  @ApiCreatedResponse({ type: ScholarshipResponse })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateScholarshipDto,
  ): Promise<ScholarshipResponse> {
    return this.scholarships.create(actor, dto);
  }

  /** List scholarships. */
  @Get()
  @AnyRole()
  @ApiOkResponse({ type: ScholarshipPage })
  list(@Query() query: ScholarshipQueryDto): Promise<ScholarshipPage> {
    return this.scholarships.list(query);
  }

  /** One scholarship. */
  @Get(':id')
  @AnyRole()
  @ApiOkResponse({ type: ScholarshipResponse })
  get(@UuidParam() id: string): Promise<ScholarshipResponse> {
    return this.scholarships.get(id);
  }

  /** 409 QUOTA_BELOW_AWARDED when the quota would drop below the places awarded. */
  @Patch(':id')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: ScholarshipResponse })
  update(@UuidParam() id: string, @Body() dto: UpdateScholarshipDto): Promise<ScholarshipResponse> {
    return this.scholarships.update(id, dto);
  }

  /** Submitted applications by average review score (blinded per coordinator). */
  @Get(':id/ranking')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: RankingResponse })
  getRanking(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<RankingResponse> {
    return this.ranking.ranking(actor, id);
  }

  /** Starts a draft application (409 ALREADY_APPLIED, 422 DEADLINE_PASSED). */
  @Post(':id/applications')
  @AnyRole()
  @ApiCreatedResponse({ type: ApplicationResponse })
  apply(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: CreateApplicationDto,
  ): Promise<ApplicationResponse> {
    return this.applications.create(actor, id, dto);
  }

  /** The scheme's applications the caller may see (an ngo_member: its own organisation's). */
  @Get(':id/applications')
  @AnyRole()
  @ApiOkResponse({ type: ApplicationPage })
  listApplications(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: ApplicationQueryDto,
  ): Promise<ApplicationPage> {
    return this.applications.list(actor, { ...query, scholarshipId: id });
  }

  /** Stipends paid per currency, exact. */
  @Get(':id/disbursements/totals')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: DisbursementTotalsResponse })
  totals(@UuidParam() id: string): Promise<DisbursementTotalsResponse> {
    return this.disbursements.totals(id);
  }
}
