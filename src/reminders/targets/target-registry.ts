import { Injectable } from '@nestjs/common';
import type { DatedEntityType } from '../../common/outbox/dated-record-outbox';
import { MilestoneDueOnTarget } from './milestone.target';
import { OrganizationRegistrationExpiresOnTarget } from './organization.target';
import { PartnershipAnniversaryTarget } from './partnership.target';
import { ProgramRegistrationDeadlineTarget, ProgramStartsAtTarget } from './program.targets';
import { ScholarshipClosesAtTarget } from './scholarship.target';
import { REMINDER_TARGETS, ReminderTarget, TargetProvider } from './target-provider';

/** Every target a rule can name, and the provider that reads it. A new dated field plugs in here. */
@Injectable()
export class TargetRegistry {
  private readonly providers: TargetProvider[] = [
    new ProgramStartsAtTarget(),
    new ProgramRegistrationDeadlineTarget(),
    new ScholarshipClosesAtTarget(),
    new MilestoneDueOnTarget(),
    new OrganizationRegistrationExpiresOnTarget(),
    new PartnershipAnniversaryTarget(),
  ];

  constructor() {
    // Fail at start-up when a target has no provider or two.
    for (const target of REMINDER_TARGETS) {
      const count = this.providers.filter((p) => p.target === target).length;
      if (count !== 1) throw new Error(`reminder target ${target} has ${count} providers`);
    }
  }

  byTarget(target: ReminderTarget): TargetProvider {
    return this.providers.find((p) => p.target === target)!;
  }

  /** The targets of one kind of record (a program has two). */
  forEntityType(entityType: string): TargetProvider[] {
    return this.providers.filter((p) => p.entityType === (entityType as DatedEntityType));
  }
}
