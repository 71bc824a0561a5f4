import { EVENT_KINDS } from './events/notification-event';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Kinds of notification: `reminder` from reminder rules, `report_ready` from reports, the rest
 * from notification events (src/notifications/events).
 */
export const NOTIFICATION_KINDS = ['reminder', 'report_ready', ...EVENT_KINDS] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number] | (string & {});

/** One message in one user's in-app inbox. */
@Entity('notifications')
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  kind!: NotificationKind;

  @Column({ name: 'entity_type', type: 'text', nullable: true })
  entityType!: string | null;

  @Column({ name: 'entity_id', type: 'uuid', nullable: true })
  entityId!: string | null;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  /** Unique: the same event never reaches the same inbox twice. */
  @Column({ name: 'delivery_key', type: 'text', select: false })
  deliveryKey!: string;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
