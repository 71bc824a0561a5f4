import { Entity, PrimaryColumn } from 'typeorm';
import type { AidOrgRole } from './aid-project.entity';

/** An organisation taking part in a project in one IATI role (one row per role). */
@Entity('aid_project_organizations')
export class AidProjectOrganizationEntity {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @PrimaryColumn({ type: 'text' })
  role!: AidOrgRole;
}
