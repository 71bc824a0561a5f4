import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corrections (docs/domains/aid-projects.md, docs/domains/scholarships.md): money and reported
 * results are never edited in place.
 * - An aid transaction or a disbursement is corrected by an equal and opposite entry naming the
 *   one it reverses (`reverses_id`, with the `reason`). The unique key makes "reversed at most
 *   once" hold also under concurrent requests; only a reversal carries a negative amount.
 * - An indicator value carries a `status` (reported, approved, returned): an approver returns a
 *   wrong value with a reason, and its reporter corrects it (`comment`), which makes it
 *   `reported` again. `version` guards the correction against a concurrent one.
 */
export class Corrections1764000095000 implements MigrationInterface {
  name = 'Corrections1764000095000';

  public async up(q: QueryRunner): Promise<void> {
    for (const table of ['aid_transactions', 'disbursements']) {
      await q.query(
        `ALTER TABLE ${table} ADD COLUMN reverses_id uuid REFERENCES ${table}(id),
                              ADD COLUMN reason text,
                              ADD CONSTRAINT ${table}_reverses_uq UNIQUE (reverses_id)`,
      );
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${table}_amount_check`);
      await q.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_amount_sign
           CHECK (CASE WHEN reverses_id IS NULL THEN amount > 0 ELSE amount < 0 AND reason IS NOT NULL END)`,
      );
    }

    await q.query(
      `ALTER TABLE indicator_values
         ADD COLUMN status text NOT NULL DEFAULT 'reported',
         ADD COLUMN comment text,
         ADD COLUMN return_reason text,
         ADD COLUMN returned_by uuid REFERENCES users(id),
         ADD COLUMN returned_at timestamptz,
         ADD COLUMN version integer NOT NULL DEFAULT 1`,
    );
    await q.query(`UPDATE indicator_values SET status = 'approved' WHERE approved_at IS NOT NULL`);
    await q.query(
      `ALTER TABLE indicator_values
         ADD CONSTRAINT indicator_values_status CHECK (status IN ('reported','approved','returned')),
         ADD CONSTRAINT indicator_values_approved CHECK ((status = 'approved') = (approved_at IS NOT NULL)),
         ADD CONSTRAINT indicator_values_returned CHECK (status <> 'returned' OR return_reason IS NOT NULL)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE indicator_values
         DROP CONSTRAINT IF EXISTS indicator_values_returned,
         DROP CONSTRAINT IF EXISTS indicator_values_approved,
         DROP CONSTRAINT IF EXISTS indicator_values_status,
         DROP COLUMN version, DROP COLUMN returned_at, DROP COLUMN returned_by,
         DROP COLUMN return_reason, DROP COLUMN comment, DROP COLUMN status`,
    );
    for (const table of ['disbursements', 'aid_transactions']) {
      // Reversals cannot be expressed without their columns: they go with them.
      await q.query(`DELETE FROM ${table} WHERE reverses_id IS NOT NULL`);
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${table}_amount_sign`);
      await q.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_amount_check CHECK (amount > 0),
                              DROP CONSTRAINT IF EXISTS ${table}_reverses_uq,
                              DROP COLUMN reason, DROP COLUMN reverses_id`,
      );
    }
  }
}
