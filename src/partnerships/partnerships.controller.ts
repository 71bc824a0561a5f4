import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, Roles } from '../common/auth/auth.decorators';
import { PageOf } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import {
  AnniversaryList,
  AnniversaryQueryDto,
  CreatePartnershipDto,
  PartnershipQueryDto,
  PartnershipResponse,
  UpdatePartnershipDto,
} from './dto/partnership.dto';
import { PartnershipsService } from './partnerships.service';

class PartnershipPage extends PageOf(PartnershipResponse) {}

@ApiTags('partnerships')
@Controller('partnerships')
export class PartnershipsController {
  constructor(private readonly partnerships: PartnershipsService) {}

  /** Propose a partnership. */
  @Post()
  @Roles('admin', 'coordinator')
  @ApiCreatedResponse({ type: PartnershipResponse })
  create(@Body() dto: CreatePartnershipDto): Promise<PartnershipResponse> {
    return this.partnerships.create(dto);
  }

  /** List partnerships. */
  @Get()
  @AnyRole()
  @ApiOkResponse({ type: PartnershipPage })
  list(@Query() query: PartnershipQueryDto): Promise<PartnershipPage> {
    return this.partnerships.list(query);
  }

  /** Declared before `:id` so the literal path wins. */
  @Get('anniversaries')
  @AnyRole()
  @ApiOkResponse({ type: AnniversaryList })
  anniversaries(@Query() query: AnniversaryQueryDto): Promise<AnniversaryList> {
    return this.partnerships.anniversaries(query);
  }

  /** One partnership. */
  @Get(':id')
  @AnyRole()
  @ApiOkResponse({ type: PartnershipResponse })
  get(@UuidParam() id: string): Promise<PartnershipResponse> {
    return this.partnerships.get(id);
  }

  /** Change a partnership. */
  @Patch(':id')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: PartnershipResponse })
  update(@UuidParam() id: string, @Body() dto: UpdatePartnershipDto): Promise<PartnershipResponse> {
    return this.partnerships.update(id, dto);
  }
}
