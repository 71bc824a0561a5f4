import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../common/base.entity';
import type { Role } from '../common/auth/actor';

export const LOCALES = ['en', 'zh', 'ur'] as const;
export type Locale = (typeof LOCALES)[number];

@Entity('users')
export class UserEntity extends VersionedEntity {
  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId!: string | null;

  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone!: string | null;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  @Column({ type: 'text', default: 'en' })
  locale!: Locale;

  @Column({ name: 'email_notifications', type: 'boolean', default: true })
  emailNotifications!: boolean;
}
