// Pre-rendered answer cells of the responses CSV export (server/exports/csv-cache.ts): one row per complete response and
// values mode, served only while its revision and compiled-SQL hash match; and the rule that makes the revision
// sufficient: a complete response's answers change only together with a higher revision.
import { MigrationInterface, QueryRunner } from 'typeorm';

const FREEZE = (answersRule: boolean) => `
CREATE OR REPLACE FUNCTION marsad_freeze_complete_response() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'complete' AND (NEW.status <> 'complete'
      OR NEW.submitted_answers IS DISTINCT FROM OLD.submitted_answers
      OR NEW.client_submission_id IS DISTINCT FROM OLD.client_submission_id
      OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at) THEN
    RAISE EXCEPTION 'a completed response cannot be reopened or resubmitted'
      USING ERRCODE = 'P0001', HINT = 'immutable_row';
  END IF;${answersRule ? `
  -- the CSV cell cache (response_csv_cells) trusts (response, revision): corrections bump it, nothing lowers it
  IF OLD.status = 'complete' AND (NEW.revision < OLD.revision
      OR (NEW.answers IS DISTINCT FROM OLD.answers AND NEW.revision = OLD.revision)) THEN
    RAISE EXCEPTION 'the answers of a completed response change only with a new revision'
      USING ERRCODE = 'P0001', HINT = 'immutable_row';
  END IF;` : ''}
  RETURN NEW;
END $$`;

export class CsvCellCache1764450000001 implements MigrationInterface {
  name = 'CsvCellCache1764450000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE response_csv_cells (
        response_id uuid NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
        mode text NOT NULL CHECK (mode IN ('codes', 'en', 'ar')),
        revision integer NOT NULL,
        hash uuid NOT NULL,
        cells text NOT NULL,
        PRIMARY KEY (response_id, mode)
      )`);
    await q.query(FREEZE(true));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(FREEZE(false));
    await q.query(`DROP TABLE IF EXISTS response_csv_cells`);
  }
}
