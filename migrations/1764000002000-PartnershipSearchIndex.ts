import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /partnerships?q=` and `?cityId=` look partnerships up by either city. The initial schema
 * indexes city_b_id and the LEAST/GREATEST pair, but nothing leads with city_a_id, so a match on
 * city A scanned the table. This adds that index.
 */
export class PartnershipSearchIndex1764000002000 implements MigrationInterface {
  name = 'PartnershipSearchIndex1764000002000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS partnerships_city_a_idx ON partnerships (city_a_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS partnerships_city_a_idx`);
  }
}
