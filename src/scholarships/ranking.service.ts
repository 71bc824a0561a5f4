import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/auth/actor';
import { RANKED_STATUSES, UNDECIDED_STATUSES } from './application-state-machine';
import { RankingEntryResponse, RankingResponse } from './dto/ranking.dto';
import { ApplicationsRepository, RankRow } from './applications.repository';
import { ScholarshipsRepository } from './scholarships.repository';

/**
 * The ranking of a scheme's submitted applications: average review score (exact, in SQL)
 * descending, applications without reviews last, ties broken by the earlier submission.
 */
@Injectable()
export class RankingService {
  constructor(
    private readonly schemes: ScholarshipsRepository,
    private readonly applications: ApplicationsRepository,
  ) {}

  /**
   * The whole ranking (coordinator, admin). Reviewer blinding: a coordinator sees the average
   * score only of applications they have reviewed themselves; the others show `averageScore:
   * null, scoreHidden: true`. While any score another reviewer gave is hidden from them, the
   * order would give it away, so the ranking is blinded: submission order, `rank: null` and no
   * `nextCandidate`.
   */
  async ranking(actor: Actor, scholarshipId: string): Promise<RankingResponse> {
    const scheme = await this.schemes.find(undefined, scholarshipId);
    const rows = await this.applications.rankRows(scholarshipId, RANKED_STATUSES, actor.userId);
    const hidden = (r: RankRow) => actor.role === 'coordinator' && !r.reviewed_by_me;
    const blinded = rows.some((r) => hidden(r) && r.review_count > 0);
    const items = blinded
      ? [...rows].sort(bySubmission).map((r) => toEntry(r, null, hidden(r)))
      : rows.map((r, i) => toEntry(r, i + 1, hidden(r)));
    const next = blinded
      ? null
      : (items.find((e) => (UNDECIDED_STATUSES as string[]).includes(e.status)) ?? null);
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
    const rows = await this.applications.rankRows(scholarshipId, RANKED_STATUSES, null, manager);
    const index = rows.findIndex((r) => (UNDECIDED_STATUSES as string[]).includes(r.status));
    return index < 0 ? null : toEntry(rows[index], index + 1, false);
  }
}

/** Earliest submission first, then id (the order of a blinded ranking). */
function bySubmission(a: RankRow, b: RankRow): number {
  return (
    a.submitted_at.getTime() - b.submitted_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function toEntry(r: RankRow, rank: number | null, hidden: boolean): RankingEntryResponse {
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
