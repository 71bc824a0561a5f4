import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TenantScope } from '../common/tenancy/tenant-scope';
import type { RegistrationRow } from './dto/registration.dto';
import { RegistrationsPrivacy } from './registrations-privacy';
import type { RegistrationStatus } from './registration.entity';

/** `AND <alias>.organization_id = $n` for a scoped caller (pushes the parameter). */
function scopeSql(scope: TenantScope, alias: string, params: unknown[]): string {
  if (scope.kind === 'all') return '';
  params.push(scope.organizationId);
  return ` AND ${alias}.organization_id = $${params.length}`;
}

const ROW_SELECT = `
  SELECT r.id, r.program_id, r.participant_id, r.organization_id, r.status, r.attended, r.registered_by,
         r.cancelled_at, r.version, r.created_at, r.updated_at, p.full_name, p.native_name,
         CASE WHEN r.status = 'waitlisted' THEN (
           SELECT count(*)::int FROM registrations w
            WHERE w.program_id = r.program_id AND w.status = 'waitlisted' AND (w.created_at, w.id) <= (r.created_at, r.id)
         ) END AS waitlist_position
    FROM registrations r JOIN participants p ON p.id = r.participant_id`;

/** Set-based, tenancy-scoped queries on registrations and the program seats they use. */
@Injectable()
export class RegistrationsRepository implements RegistrationsPrivacy {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A participant the caller may register (not erased). */
  async findParticipant(
    m: EntityManager,
    scope: TenantScope,
    id: string,
  ): Promise<{ id: string; organization_id: string | null } | null> {
    const params: unknown[] = [id];
    const rows = await m.query(
      `SELECT p.id, p.organization_id FROM participants p WHERE p.id = $1 AND p.erased_at IS NULL${scopeSql(scope, 'p', params)}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** `m` undefined: outside a transaction (a primary read, as before). */
  async findOne(
    m: EntityManager | undefined,
    scope: TenantScope,
    id: string,
  ): Promise<RegistrationRow | null> {
    const params: unknown[] = [id];
    const rows: RegistrationRow[] = await (m ?? this.dataSource.manager).query(
      `${ROW_SELECT} WHERE r.id = $1${scopeSql(scope, 'r', params)}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** Locks one registration row; call after locking its program (lock order: program, registration). */
  async lockOne(
    m: EntityManager,
    scope: TenantScope,
    id: string,
  ): Promise<{ id: string; status: RegistrationStatus; program_id: string } | null> {
    const params: unknown[] = [id];
    const rows = await m.query(
      `SELECT r.id, r.status, r.program_id FROM registrations r WHERE r.id = $1${scopeSql(scope, 'r', params)} FOR UPDATE`,
      params,
    );
    return rows[0] ?? null;
  }

  /** A page of a program's registrations in arrival order (keyset on created_at, id). */
  async listForProgram(
    m: EntityManager | undefined,
    scope: TenantScope,
    programId: string,
    opts: { status?: RegistrationStatus; cursor?: string; limit: number },
  ): Promise<RegistrationRow[]> {
    const params: unknown[] = [programId];
    let where = `r.program_id = $1${scopeSql(scope, 'r', params)}`;
    if (opts.status) {
      params.push(opts.status);
      where += ` AND r.status = $${params.length}`;
    }
    if (opts.cursor) {
      params.push(opts.cursor);
      where += ` AND (r.created_at, r.id) > (SELECT c.created_at, c.id FROM registrations c WHERE c.id = $${params.length})`;
    }
    params.push(opts.limit);
    return (m ?? this.dataSource.manager).query(
      `${ROW_SELECT} WHERE ${where} ORDER BY r.created_at, r.id LIMIT $${params.length}`,
      params,
    );
  }

  /**
   * Whether the person already holds a live registration in the program: under this record, or
   * under another organisation's record of the same person (same email, or same name key and
   * date of birth; erased records excluded).
   */
  async hasActive(m: EntityManager, programId: string, participantId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `SELECT 1
         FROM registrations r JOIN participants other ON other.id = r.participant_id
         JOIN participants me ON me.id = $2
        WHERE r.program_id = $1 AND r.status <> 'cancelled'
          AND (other.id = me.id
               OR (other.erased_at IS NULL AND me.erased_at IS NULL
                   AND ((me.email IS NOT NULL AND lower(other.email) = lower(me.email))
                        OR (me.date_of_birth IS NOT NULL AND other.name_key = me.name_key
                            AND other.date_of_birth = me.date_of_birth))))
        LIMIT 1`,
      [programId, participantId],
    );
    return rows.length > 0;
  }

  /**
   * Inserts a registration. created_at is the clock time at insert (not the transaction start),
   * so arrival order matches the order in which seats were handed out under the program lock.
   */
  async insert(
    m: EntityManager,
    r: {
      programId: string;
      participantId: string;
      organizationId: string | null;
      status: RegistrationStatus;
      registeredBy: string | null;
    },
  ): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO registrations (program_id, participant_id, organization_id, status, registered_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, clock_timestamp(), clock_timestamp()) RETURNING id`,
      [r.programId, r.participantId, r.organizationId, r.status, r.registeredBy],
    );
    return rows[0].id;
  }

  async setStatus(m: EntityManager, id: string, status: RegistrationStatus): Promise<void> {
    await m.query(
      `UPDATE registrations SET status = $2, cancelled_at = CASE WHEN $2 = 'cancelled' THEN now() ELSE cancelled_at END,
              version = version + 1, updated_at = now() WHERE id = $1`,
      [id, status],
    );
  }

  async setAttended(m: EntityManager, id: string, attended: boolean): Promise<void> {
    await m.query(
      `UPDATE registrations SET attended = $2, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, attended],
    );
  }

  /**
   * Confirms the oldest waitlisted registrations (FIFO by created_at, id) while seats remain.
   * The caller holds the program row lock and adds the returned ids to the program's
   * confirmed count.
   */
  async promoteWaitlisted(m: EntityManager, programId: string): Promise<string[]> {
    const [program]: { free: number }[] = await m.query(
      `SELECT capacity - confirmed_count AS free FROM programs WHERE id = $1`,
      [programId],
    );
    if (!program || program.free <= 0) return [];
    const rows: { id: string }[] = await m.query(
      `UPDATE registrations r SET status = 'confirmed', version = r.version + 1, updated_at = now()
         FROM (SELECT id FROM registrations WHERE program_id = $1 AND status = 'waitlisted'
                ORDER BY created_at, id LIMIT $2 FOR UPDATE) next
        WHERE r.id = next.id RETURNING r.id`,
      [programId, program.free],
    );
    const ids = (Array.isArray(rows[0]) ? (rows[0] as unknown as { id: string }[]) : rows).map(
      (r) => r.id,
    );
    return ids;
  }

  /** Who a promotion concerns: each registration's organisation and participant name. */
  async promotionNotices(
    m: EntityManager,
    ids: string[],
  ): Promise<{ id: string; organizationId: string; participant: string }[]> {
    if (ids.length === 0) return [];
    return m.query(
      `SELECT r.id, r.organization_id AS "organizationId", p.full_name AS participant
         FROM registrations r JOIN participants p ON p.id = r.participant_id
        WHERE r.id = ANY($1::uuid[]) ORDER BY r.created_at, r.id`,
      [ids],
    );
  }

  /**
   * Who a program's cancellation or new dates concern: the organisations with a live
   * registration, and the confirmed people who have an email address (not erased).
   */
  async changeAudience(
    m: EntityManager,
    programId: string,
  ): Promise<{
    organizationIds: string[];
    people: { id: string; email: string; name: string; nationality: string | null }[];
  }> {
    const orgs: { organization_id: string }[] = await m.query(
      `SELECT DISTINCT organization_id FROM registrations
        WHERE program_id = $1 AND status IN ('confirmed', 'waitlisted') ORDER BY organization_id`,
      [programId],
    );
    const people: { id: string; email: string; name: string; nationality: string | null }[] =
      await m.query(
        `SELECT p.id, p.email, p.full_name AS name, p.nationality
           FROM registrations r JOIN participants p ON p.id = r.participant_id
          WHERE r.program_id = $1 AND r.status = 'confirmed' AND p.email IS NOT NULL
            AND p.erased_at IS NULL ORDER BY p.id`,
        [programId],
      );
    return { organizationIds: orgs.map((o) => o.organization_id), people };
  }

  forParticipant(m: EntityManager, participantId: string): Promise<Record<string, unknown>[]> {
    return m.query(
      `SELECT * FROM registrations WHERE participant_id = $1 ORDER BY created_at, id`,
      [participantId],
    );
  }

  async clashes(m: EntityManager, fromId: string, intoId: string): Promise<string[]> {
    const rows: { program_id: string }[] = await m.query(
      `SELECT a.program_id FROM registrations a JOIN registrations b ON b.program_id = a.program_id
        WHERE a.participant_id = $1 AND b.participant_id = $2
          AND a.status <> 'cancelled' AND b.status <> 'cancelled'`,
      [fromId, intoId],
    );
    return rows.map((r) => r.program_id);
  }

  async moveToParticipant(
    m: EntityManager,
    fromId: string,
    into: { id: string; organizationId: string | null },
  ): Promise<number> {
    const [, moved]: [unknown, number] = await m.query(
      `UPDATE registrations SET participant_id = $2, organization_id = $3, version = version + 1, updated_at = now()
        WHERE participant_id = $1`,
      [fromId, into.id, into.organizationId],
    );
    return moved;
  }
}
