import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { I18nName } from '../../common/i18n-name/i18n-name.dto';
import type { ProgramStatus } from '../program.entity';
import type { TenantScope } from '../../common/tenancy/tenant-scope';

export interface CalendarRow {
  id: string;
  title: I18nName;
  type: string;
  description: string | null;
  status: ProgramStatus;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  registration_deadline: Date;
  version: number;
  created_at: Date;
  updated_at: Date;
  city_names: I18nName | null;
  city_country: string | null;
}

const SELECT = `
  SELECT p.id, p.title, p.type, p.description, p.status, p.starts_at, p.ends_at, p.time_zone, p.registration_deadline,
         p.version, p.created_at, p.updated_at, c.names AS city_names, c.country AS city_country
    FROM programs p LEFT JOIN cities c ON c.id = p.city_id`;

/** Program rows (with their city) as the iCalendar feeds need them; reads only, outside transactions. */
@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The program (zero or one row). */
  async findProgram(id: string): Promise<CalendarRow[]> {
    return this.dataSource.query(`${SELECT} WHERE p.id = $1`, [id]);
  }

  /**
   * Programs ending at or after `since`, by start; with `organizationId` only the open ones and
   * those the organisation takes part in.
   */
  async feed(
    since: Date,
    limit: number,
    organizationId: string | null | undefined,
  ): Promise<CalendarRow[]> {
    const params: unknown[] = [since, limit];
    let where = `p.ends_at >= $1`;
    if (organizationId !== undefined) {
      params.push(organizationId);
      where += ` AND (p.status = 'open' OR EXISTS (SELECT 1 FROM program_organizations po WHERE po.program_id = p.id AND po.organization_id = $3))`;
    }
    return this.dataSource.query(
      `${SELECT} WHERE ${where} ORDER BY p.starts_at, p.id LIMIT $2`,
      params,
    );
  }

  /** A participant (not erased) within the caller's scope. */
  async findParticipant(scope: TenantScope, id: string): Promise<{ full_name: string } | null> {
    const params: unknown[] = [id];
    const scoped =
      scope.kind === 'organization'
        ? (params.push(scope.organizationId), ` AND organization_id = $2`)
        : '';
    const rows: { full_name: string }[] = await this.dataSource.query(
      `SELECT full_name FROM participants WHERE id = $1 AND erased_at IS NULL${scoped}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** Programs where the participant holds a confirmed seat, by start. */
  async confirmedPrograms(participantId: string, limit: number): Promise<CalendarRow[]> {
    return this.dataSource.query(
      `${SELECT} JOIN registrations r ON r.program_id = p.id
        WHERE r.participant_id = $1 AND r.status = 'confirmed' ORDER BY p.starts_at, p.id LIMIT $2`,
      [participantId, limit],
    );
  }
}
