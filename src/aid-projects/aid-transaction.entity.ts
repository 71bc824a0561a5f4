import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VirtualColumn } from 'typeorm';

export const AID_TRANSACTION_TYPES = ['commitment', 'disbursement', 'expenditure'] as const;
export type AidTransactionType = (typeof AID_TRANSACTION_TYPES)[number];

/**
 * A financial transaction of a project, in any currency; append-only. A mistake is corrected by
 * a reversal: an equal and opposite entry naming the one it reverses.
 */
@Entity('aid_transactions')
export class AidTransactionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ type: 'text' })
  type!: AidTransactionType;

  /** numeric(18,2) as a string; negative only on a reversal. */
  @Column({ type: 'numeric', precision: 18, scale: 2 })
  amount!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'transaction_date', type: 'date' })
  transactionDate!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** The transaction this entry reverses (it is then a reversal). */
  @Column({ name: 'reverses_id', type: 'uuid', nullable: true })
  reversesId!: string | null;

  /** Why a reversal was made. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** The reversal of this transaction, if any (read, never written). */
  @VirtualColumn({
    type: 'uuid',
    query: (alias) => `SELECT r.id FROM aid_transactions r WHERE r.reverses_id = ${alias}.id`,
  })
  reversedBy!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
