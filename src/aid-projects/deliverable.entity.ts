import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../common/base.entity';

export const DELIVERABLE_CONDITIONS = ['in_service', 'needs_repair', 'out_of_service'] as const;
export type DeliverableCondition = (typeof DELIVERABLE_CONDITIONS)[number];

/** A physical item handed over by a project (clinic vehicles, snow-removal machines, tents). */
@Entity('deliverables')
export class DeliverableEntity extends VersionedEntity {
  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ type: 'text' })
  item!: string;

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ type: 'text' })
  unit!: string;

  @Column({ name: 'handed_over_on', type: 'date', nullable: true })
  handedOverOn!: string | null;

  @Column({ name: 'handed_over_to', type: 'text', nullable: true })
  handedOverTo!: string | null;

  @Column({ type: 'text', nullable: true })
  location!: string | null;

  @Column({ type: 'text', nullable: true })
  custodian!: string | null;

  @Column({ type: 'text', default: 'in_service' })
  condition!: DeliverableCondition;
}
