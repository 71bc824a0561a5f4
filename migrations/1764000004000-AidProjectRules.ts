import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rules of the aid-projects domain the initial schema left to code (docs/domains/aid-projects.md):
 * - a sector is an OECD DAC 5-digit purpose code; planned and actual periods are not reversed;
 * - one indicator value per indicator and period (a repeated report of the same period would be
 *   counted twice in a per-period indicator);
 * - `GET /deliverables?item=` searches item names by substring (trigram index).
 */
export class AidProjectRules1764000004000 implements MigrationInterface {
  name = 'AidProjectRules1764000004000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE aid_projects ADD CONSTRAINT aid_projects_sector_code CHECK (sector_code ~ '^[0-9]{5}$')`,
    );
    await q.query(
      `ALTER TABLE aid_projects ADD CONSTRAINT aid_projects_planned_period CHECK (planned_end >= planned_start)`,
    );
    await q.query(
      `ALTER TABLE aid_projects ADD CONSTRAINT aid_projects_actual_period CHECK (actual_end >= actual_start)`,
    );
    await q.query(`CREATE INDEX aid_projects_status_idx ON aid_projects (status, created_at)`);
    await q.query(
      `CREATE UNIQUE INDEX indicator_values_period_uq ON indicator_values (indicator_id, period_start, period_end)`,
    );
    await q.query(
      `CREATE INDEX deliverables_item_search_idx ON deliverables USING gin (lower(item) gin_trgm_ops)`,
    );
    await q.query(`CREATE INDEX deliverables_created_idx ON deliverables (created_at, id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS deliverables_created_idx`);
    await q.query(`DROP INDEX IF EXISTS deliverables_item_search_idx`);
    await q.query(`DROP INDEX IF EXISTS indicator_values_period_uq`);
    await q.query(`DROP INDEX IF EXISTS aid_projects_status_idx`);
    await q.query(`ALTER TABLE aid_projects DROP CONSTRAINT IF EXISTS aid_projects_actual_period`);
    await q.query(`ALTER TABLE aid_projects DROP CONSTRAINT IF EXISTS aid_projects_planned_period`);
    await q.query(`ALTER TABLE aid_projects DROP CONSTRAINT IF EXISTS aid_projects_sector_code`);
  }
}
