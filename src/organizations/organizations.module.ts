import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { OrganizationLookup } from './organization-lookup';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsRepository } from './organizations.repository';
import { OrganizationsService } from './organizations.service';

@Module({
  imports: [UsersModule, NotificationsModule],
  controllers: [OrganizationsController],
  providers: [OrganizationsService, OrganizationsRepository, OrganizationLookup],
  exports: [OrganizationsService, OrganizationLookup],
})
export class OrganizationsModule {}
