import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/auth/actor';
import { RANKED_STATUSES, UNDECIDED_STATUSES } from './application-state-machine';
import { RankingEntryResponse, RankingResponse } from './dto/ranking.dto';
import { ScholarshipsRepository } from './scholarships.repository';

interface RankRow {
  id: string;
  participant_id: string;
  organization_id: string | null;
  status: RankingEntryResponse['status'];
  submitted_at: Date;
  review_count: number;
  average_score: string | null;
  reviewed_by_me: boolean;
}

/**
 * The ranking of a scheme's submitted applications: average review score (exact, in SQL)
 * descending, applications without reviews last, ties broken by the earlier submission.
 */
@Injectable()
export class RankingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly schemes: ScholarshipsRepository,
  ) {}

  /**
   * The whole ranking (coordinator, admin). Reviewer blinding: a coordinator sees the average
   * score only of applications they have reviewed themselves; the others show `averageScore:
   * null, scoreHidden: true` (their place in the order still reflects everyone's reviews).
   */
  async ranking(actor: Actor, scholarshipId: string): Promise<RankingResponse> {
    const m = this.dataSource.manager;
    const scheme = await this.schemes.find(m, scholarshipId);
    const rows = await this.rankRows(m, scholarshipId, actor.userId);
    const items = rows.map((r, i) =>
      toEntry(r, i + 1, actor.role === 'coordinator' && !r.reviewed_by_me),
    );
    const next = items.find((e) => (UNDECIDED_STATUSES as string[]).includes(e.status)) ?? null;
    return {
      scholarshipId,
      quota: scheme.quota,
      awardedCount: scheme.awardedCount,
      placesLeft: scheme.quota - scheme.awardedCount,
      nextCandidate: next,
      items,
    };
  }

  /**
   * The best-ranked undecided application of a scheme (the one a freed place goes to next),
   * read inside `manager`'s transaction. Scores are shown: only staff ever receive it.
   */
  async nextCandidate(
    manager: EntityManager,
    scholarshipId: string,
  ): Promise<RankingEntryResponse | null> {
    const rows = await this.rankRows(manager, scholarshipId, null);
    const index = rows.findIndex((r) => (UNDECIDED_STATUSES as string[]).includes(r.status));
    return index < 0 ? null : toEntry(rows[index], index + 1, false);
  }

  private rankRows(
    m: EntityManager,
    scholarshipId: string,
    viewerId: string | null,
  ): Promise<RankRow[]> {
    return m.query(
      `SELECT a.id, a.participant_id, a.organization_id, a.status, a.submitted_at,
              count(r.id)::int AS review_count,
              round(avg(r.score), 2)::text AS average_score,
              coalesce(bool_or(r.reviewer_id = $3::uuid), false) AS reviewed_by_me
         FROM scholarship_applications a
         LEFT JOIN application_reviews r ON r.application_id = a.id
        WHERE a.scholarship_id = $1 AND a.status = ANY($2::text[]) AND a.submitted_at IS NOT NULL
        GROUP BY a.id
        ORDER BY avg(r.score) DESC NULLS LAST, a.submitted_at ASC, a.id ASC`,
      [scholarshipId, RANKED_STATUSES, viewerId],
    );
  }
}

function toEntry(r: RankRow, rank: number, hidden: boolean): RankingEntryResponse {
  return {
    rank,
    applicationId: r.id,
    participantId: r.participant_id,
    organizationId: r.organization_id,
    status: r.status,
    averageScore: hidden ? null : r.average_score,
    reviewCount: r.review_count,
    scoreHidden: hidden,
    submittedAt: r.submitted_at.toISOString(),
  };
}
