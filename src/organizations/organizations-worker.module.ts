import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganizationExpiry } from './organization-expiry.cron';
import { OrganizationsRepository } from './organizations.repository';

/** The worker side of organisations: telling members their registration ran out. */
@Module({
  imports: [NotificationsModule],
  providers: [OrganizationExpiry, OrganizationsRepository],
  exports: [OrganizationExpiry],
})
export class OrganizationsWorkerModule {}
