import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../common/base.entity';
import type { ReminderTarget } from './targets/target-provider';

export const REMINDER_CHANNELS = ['in_app', 'email'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

/** "Remind <recipients> <offset> before <target>, by <channels>", managed by admins. */
@Entity('reminder_rules')
export class ReminderRuleEntity extends VersionedEntity {
  @Column({ type: 'text' })
  target!: ReminderTarget;

  /** As the admin wrote it (ISO 8601, e.g. `P7D`). */
  @Column({ type: 'text' })
  offset!: string;

  @Column({ name: 'offset_seconds', type: 'integer' })
  offsetSeconds!: number;

  @Column({ type: 'text', array: true })
  channels!: ReminderChannel[];

  @Column({ name: 'working_hours_start', type: 'smallint', nullable: true })
  workingHoursStart!: number | null;

  @Column({ name: 'working_hours_end', type: 'smallint', nullable: true })
  workingHoursEnd!: number | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  /** The version whose schedule the worker has applied (see migration 1764000005000). */
  @Column({ name: 'scheduled_version', type: 'integer', default: 0 })
  scheduledVersion!: number;
}
