import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/validation/id-param';
import { PageOf, PageQueryDto } from '../common/pagination';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { CreateUserDto, toUserResponse, UpdateUserDto, UserResponse } from './dto/user.dto';
import { UsersService } from './users.service';

class UserPage extends PageOf(UserResponse) {}

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Creates an admin, coordinator or NGO member (admin only). */
  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: UserResponse })
  async create(@Body() dto: CreateUserDto): Promise<UserResponse> {
    return toUserResponse(await this.users.createInTransaction(dto));
  }

  /** List accounts. */
  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: UserPage })
  list(@Query() query: PageQueryDto): Promise<UserPage> {
    return this.users.list(query);
  }

  /** One account. */
  @Get(':id')
  @Roles('admin')
  @ApiOkResponse({ type: UserResponse })
  async get(@UuidParam() id: string): Promise<UserResponse> {
    return toUserResponse(await this.users.get(id));
  }

  /** Display name, role (admin ⇄ coordinator) and active flag; 409 LAST_ADMIN protects the last admin. */
  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: UserResponse })
  async update(@UuidParam() id: string, @Body() dto: UpdateUserDto): Promise<UserResponse> {
    return toUserResponse(await this.users.updateAccount(id, dto));
  }
}
