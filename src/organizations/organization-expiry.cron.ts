import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import { PeriodicJobs } from '../common/queue/periodic-jobs';
import { NotificationEvents } from '../notifications/events/notification-events';
import { registrationExpired } from './organization-status';
import { OrganizationsRepository } from './organizations.repository';

/** Often enough that members hear of an expiry within minutes of midnight in their country. */
const EVERY_MS = 10 * 60_000;

/**
 * The worker's periodic `organizations.expiry` job. Writes stop at once when a registration
 * runs out (the auth guard compares dates on every request); this job only tells the members,
 * once per expiry date: a renewal sets a new date, which is told again when it too runs out.
 */
@Injectable()
export class OrganizationExpiry implements OnApplicationBootstrap {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: OrganizationsRepository,
    private readonly events: NotificationEvents,
    private readonly audit: AuditService,
    private readonly periodic: PeriodicJobs,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.keep({
      schedulerId: 'organizations-expiry',
      name: 'organizations.expiry',
      data: {},
      every: EVERY_MS,
    });
  }

  async run(): Promise<{ told: number }> {
    const now = this.clock.now();
    return this.tx.run(async (m) => {
      // Every zone's today is within a day of UTC's: registrationExpired picks the exact ones.
      const utcTomorrow = new Date(now.getTime() + 24 * 3600 * 1000).toISOString().slice(0, 10);
      let told = 0;
      for (const org of await this.repo.lockExpiryCandidates(m, utcTomorrow)) {
        if (!registrationExpired(org, now)) continue;
        await this.repo.markExpiryNotified(m, org.id, org.registrationExpiresOn!);
        await this.events.record(m, {
          kind: 'organization_status',
          entityType: 'organization',
          entityId: org.id,
          audience: { organizationIds: [org.id] },
          params: {
            organization: org.name,
            status: 'expired',
            expiresOn: org.registrationExpiresOn,
          },
        });
        await this.audit.record(m, {
          action: 'organization.expired',
          entityType: 'organization',
          entityId: org.id,
          after: { registrationExpiresOn: org.registrationExpiresOn },
          actor: null,
        });
        told++;
      }
      return { told };
    });
  }
}
