import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An actual value of an indicator for one period: who reported it and who approved it. */
@Entity('indicator_values')
export class IndicatorValueEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'indicator_id', type: 'uuid' })
  indicatorId!: string;

  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  value!: string;

  @Column({ name: 'reported_by', type: 'uuid' })
  reportedBy!: string;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy!: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;
}
