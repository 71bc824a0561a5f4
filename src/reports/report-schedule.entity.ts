import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../common/base.entity';
import type { Frequency } from './report-period';
import type { ReportFormat, ReportKind } from './report.model';

/** "Build a `kind` report in `format` after each calendar `frequency` period closes in `timeZone`." */
@Entity('report_schedules')
export class ReportScheduleEntity extends VersionedEntity {
  @Column({ type: 'text' })
  kind!: ReportKind;

  @Column({ type: 'text' })
  frequency!: Frequency;

  @Column({ type: 'text' })
  format!: ReportFormat;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ name: 'skip_empty', type: 'boolean', default: false })
  skipEmpty!: boolean;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;
}
