import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VirtualColumn } from 'typeorm';

/**
 * A stipend payment against an accepted application. Append-only: a mistake is corrected by a
 * reversal, an equal and opposite entry naming the payment it reverses.
 */
@Entity('disbursements')
export class DisbursementEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  /** numeric(18,2), read as a string; negative only on a reversal. */
  @Column({ type: 'numeric', precision: 18, scale: 2 })
  amount!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'paid_on', type: 'date' })
  paidOn!: string;

  @Column({ type: 'text' })
  reference!: string;

  /** The payment this entry reverses (it is then a reversal). */
  @Column({ name: 'reverses_id', type: 'uuid', nullable: true })
  reversesId!: string | null;

  /** Why a reversal was made. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** The reversal of this payment, if any (read, never written). */
  @VirtualColumn({
    type: 'uuid',
    query: (alias) => `SELECT r.id FROM disbursements r WHERE r.reverses_id = ${alias}.id`,
  })
  reversedBy!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
