import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const AID_TRANSACTION_TYPES = ['commitment', 'disbursement', 'expenditure'] as const;
export type AidTransactionType = (typeof AID_TRANSACTION_TYPES)[number];

/** A financial transaction of a project, in any currency; append-only. */
@Entity('aid_transactions')
export class AidTransactionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ type: 'text' })
  type!: AidTransactionType;

  /** numeric(18,2) as a string. */
  @Column({ type: 'numeric', precision: 18, scale: 2 })
  amount!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'transaction_date', type: 'date' })
  transactionDate!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
