import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { UserLookup } from './user-lookup';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, UserLookup],
  exports: [UsersService, UsersRepository, UserLookup],
})
export class UsersModule implements OnApplicationBootstrap {
  constructor(private readonly users: UsersService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.users.ensureFirstAdmin();
  }
}
