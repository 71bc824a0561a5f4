import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/validation/id-param';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, Roles } from '../common/auth/auth.decorators';
import { PageOf } from '../common/pagination';
import { CitiesService } from './cities.service';
import { CityQueryDto, CityResponse, CreateCityDto, UpdateCityDto } from './dto/city.dto';

class CityPage extends PageOf(CityResponse) {}

@ApiTags('cities')
@Controller('cities')
export class CitiesController {
  constructor(private readonly cities: CitiesService) {}

  /** Add a city. */
  @Post()
  @Roles('admin', 'coordinator')
  @ApiCreatedResponse({ type: CityResponse })
  create(@Body() dto: CreateCityDto): Promise<CityResponse> {
    return this.cities.create(dto);
  }

  /** List cities. */
  @Get()
  @AnyRole()
  @ApiOkResponse({ type: CityPage })
  list(@Query() query: CityQueryDto): Promise<CityPage> {
    return this.cities.list(query);
  }

  /** One city. */
  @Get(':id')
  @AnyRole()
  @ApiOkResponse({ type: CityResponse })
  get(@UuidParam() id: string): Promise<CityResponse> {
    return this.cities.get(id);
  }

  /** Change a city. */
  @Patch(':id')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: CityResponse })
  update(@UuidParam() id: string, @Body() dto: UpdateCityDto): Promise<CityResponse> {
    return this.cities.update(id, dto);
  }
}
