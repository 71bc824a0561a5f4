import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** `cumulative`: each value is the running total at period end; `per_period`: values add up. */
export const INDICATOR_MEASURES = ['cumulative', 'per_period'] as const;
export type IndicatorMeasure = (typeof INDICATOR_MEASURES)[number];

@Entity('result_indicators')
export class ResultIndicatorEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  unit!: string;

  @Column({ type: 'text' })
  measure!: IndicatorMeasure;

  @Column({ type: 'numeric', precision: 18, scale: 2, default: 0 })
  baseline!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  target!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
