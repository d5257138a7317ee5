// Logframe editor (issue 13): an `activity` level of results; indicators get means of verification EN/AR, a hand-entered
// baseline's date and source, and a per-indicator suppression threshold override.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class LogframeEditor1764310000000 implements MigrationInterface {
  name = 'LogframeEditor1764310000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE results DROP CONSTRAINT IF EXISTS results_level_check`);
    await q.query(`ALTER TABLE results ADD CONSTRAINT results_level_check
      CHECK (level IN ('impact','strategic_objective','specific_objective','immediate_outcome','output','activity'))`);
    await q.query(`
      ALTER TABLE indicators
        ADD COLUMN verification_en text NOT NULL DEFAULT '' CHECK (length(verification_en) <= 2000),
        ADD COLUMN verification_ar text NOT NULL DEFAULT '' CHECK (length(verification_ar) <= 2000),
        ADD COLUMN baseline_date date,
        ADD COLUMN baseline_note text NOT NULL DEFAULT '' CHECK (length(baseline_note) <= 500),
        ADD COLUMN suppression_threshold integer CHECK (suppression_threshold BETWEEN 1 AND 100)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE indicators DROP COLUMN IF EXISTS verification_en, DROP COLUMN IF EXISTS verification_ar,
      DROP COLUMN IF EXISTS baseline_date, DROP COLUMN IF EXISTS baseline_note, DROP COLUMN IF EXISTS suppression_threshold`);
    await q.query(`UPDATE results SET level = 'output' WHERE level = 'activity'`);
    await q.query(`ALTER TABLE results DROP CONSTRAINT IF EXISTS results_level_check`);
    await q.query(`ALTER TABLE results ADD CONSTRAINT results_level_check
      CHECK (level IN ('impact','strategic_objective','specific_objective','immediate_outcome','output'))`);
  }
}
