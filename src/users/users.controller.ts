import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { CreateUserDto, toUserResponse, UserResponse } from './dto/user.dto';
import { UsersService } from './users.service';

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
  @ApiOkResponse({ type: UserResponse, isArray: true })
  async list(): Promise<UserResponse[]> {
    return (await this.users.list()).map(toUserResponse);
  }
}
