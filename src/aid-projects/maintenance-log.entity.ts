import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeliverableCondition } from './deliverable.entity';

@Entity('maintenance_logs')
export class MaintenanceLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'deliverable_id', type: 'uuid' })
  deliverableId!: string;

  @Column({ name: 'logged_on', type: 'date' })
  loggedOn!: string;

  @Column({ type: 'text' })
  condition!: DeliverableCondition;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'logged_by', type: 'uuid', nullable: true })
  loggedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
