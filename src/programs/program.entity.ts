import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../common/base.entity';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';

export const PROGRAM_TYPES = [
  'delegation',
  'culture',
  'education',
  'training',
  'youth',
  'media',
  'think_tank',
  'tourism',
  'medical',
  'relief',
] as const;
export type ProgramType = (typeof PROGRAM_TYPES)[number];
export const PROGRAM_STATUSES = [
  'planned',
  'open',
  'in_progress',
  'completed',
  'cancelled',
] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

/** An exchange program held somewhere (its `timeZone`), with seats and a waitlist. */
@Entity('programs')
export class ProgramEntity extends VersionedEntity {
  @Column({ type: 'jsonb' })
  title!: I18nName;

  @Column({ type: 'text' })
  type!: ProgramType;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'partnership_id', type: 'uuid', nullable: true })
  partnershipId!: string | null;

  @Column({ name: 'city_id', type: 'uuid', nullable: true })
  cityId!: string | null;

  @Column({ name: 'coordinator_id', type: 'uuid' })
  coordinatorId!: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  /** IANA zone where it is held, e.g. Asia/Karachi. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ name: 'registration_deadline', type: 'timestamptz' })
  registrationDeadline!: Date;

  @Column({ type: 'integer' })
  capacity!: number;

  /** Confirmed registrations; kept in step under the program row's lock (check: <= capacity). */
  @Column({ name: 'confirmed_count', type: 'integer', default: 0 })
  confirmedCount!: number;

  @Column({ type: 'text', default: 'open' })
  status!: ProgramStatus;
}
