import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { PageOf, PageQueryDto } from '../common/pagination';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { CreateUserDto, toUserResponse, UserResponse } from './dto/user.dto';
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

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: UserPage })
  list(@Query() query: PageQueryDto): Promise<UserPage> {
    return this.users.list(query);
  }
}
