import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const INDICATOR_VALUE_STATUSES = ['reported', 'approved', 'returned'] as const;
export type IndicatorValueStatus = (typeof INDICATOR_VALUE_STATUSES)[number];

/**
 * An actual value of an indicator for one period: who reported it and who approved it. A wrong
 * value is returned to its reporter (`returned`, with the reason) and corrected (`reported`
 * again), never edited while it stands.
 */
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

  @Column({ type: 'text' })
  status!: IndicatorValueStatus;

  /** The reporter's note with a corrected value. */
  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  /** Why the value was last returned (kept after the correction). */
  @Column({ name: 'return_reason', type: 'text', nullable: true })
  returnReason!: string | null;

  @Column({ name: 'returned_by', type: 'uuid', nullable: true })
  returnedBy!: string | null;

  @Column({ name: 'returned_at', type: 'timestamptz', nullable: true })
  returnedAt!: Date | null;

  @Column({ type: 'integer' })
  version!: number;
}
