import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors';
import { ScholarshipEntity } from './scholarship.entity';

/** Participant facts the applications use (participants belong to another domain: raw SQL). */
export interface ParticipantFacts {
  id: string;
  organizationId: string | null;
  nationality: string;
  dateOfBirth: string | null;
  gender: string | null;
  organizationType: string | null;
}

/** Thin access to `scholarships` and the facts of other domains it needs. */
@Injectable()
export class ScholarshipsRepository {
  async find(manager: EntityManager, id: string): Promise<ScholarshipEntity> {
    const s = await manager.getRepository(ScholarshipEntity).findOneBy({ id });
    if (!s) throw new NotFoundError('Scholarship');
    return s;
  }

  /**
   * Locks the scheme row for the rest of the transaction (SELECT … FOR NO KEY UPDATE: the
   * FOR UPDATE variant that still lets other transactions insert applications referencing the
   * scheme). Every change of `awarded_count` or `quota` takes this lock first, so awards are
   * serialised per scheme and each one sees the count the previous one committed.
   */
  async lock(manager: EntityManager, id: string): Promise<ScholarshipEntity> {
    const s = await manager
      .getRepository(ScholarshipEntity)
      .createQueryBuilder('s')
      .where('s.id = :id', { id })
      .setLock('for_no_key_update')
      .getOne();
    if (!s) throw new NotFoundError('Scholarship');
    return s;
  }

  /** Adds `delta` (+1 award, -1 decline) to the places taken. */
  async addAwarded(manager: EntityManager, id: string, delta: 1 | -1): Promise<void> {
    await manager.query(
      `UPDATE scholarships SET awarded_count = awarded_count + $2, updated_at = now() WHERE id = $1`,
      [id, delta],
    );
  }

  /**
   * A participant, scoped like the applications: an ngo_member reaches only its own
   * organisation's participants (`organizationId` set), staff reach everyone. Erased people
   * are not found.
   */
  async findParticipant(
    manager: EntityManager,
    id: string,
    organizationId?: string,
  ): Promise<ParticipantFacts | null> {
    const rows: {
      id: string;
      organization_id: string | null;
      nationality: string;
      dob: string | null;
      gender: string | null;
      org_type: string | null;
    }[] = await manager.query(
      `SELECT p.id, p.organization_id, p.nationality, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob, p.gender, o.type AS org_type
         FROM participants p LEFT JOIN organizations o ON o.id = p.organization_id
        WHERE p.id = $1 AND p.erased_at IS NULL AND ($2::uuid IS NULL OR p.organization_id = $2::uuid)`,
      [id, organizationId ?? null],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      organizationId: r.organization_id,
      nationality: r.nationality.trim(),
      dateOfBirth: r.dob,
      gender: r.gender,
      organizationType: r.org_type,
    };
  }

  async organizationExists(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM organizations WHERE id = $1`, [id]);
    return rows.length > 0;
  }
}
