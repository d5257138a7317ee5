// Keeping the responses CSV cell cache warm (server/exports/csv-cache-warm.ts): the (wave, values mode) pairs someone has
// exported, each with the start of its last background refresh; and responses' (wave, status) index extended by
// submitted_at, so that a refresh reads only the wave's recently submitted complete responses.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CsvCacheWarm1764480000001 implements MigrationInterface {
  name = 'CsvCacheWarm1764480000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE response_csv_modes (
        wave_id uuid NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
        mode text NOT NULL CHECK (mode IN ('codes', 'en', 'ar')),
        -- the refresh renders the complete responses submitted since this moment minus a margin; set to the first
        -- export's time (the fill after that export renders the older ones), moved by refreshes that rendered rows
        refreshed_from timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (wave_id, mode)
      )`);
    // the same one entry per row as (wave_id, status): a submit sets status and submitted_at together, and no other
    // write changes either (an autosave, a correction or an exclusion stays a HOT update as before)
    await q.query(`CREATE INDEX responses_wave_status_submitted ON responses (wave_id, status, submitted_at)`);
    await q.query(`DROP INDEX responses_wave_status`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX responses_wave_status ON responses (wave_id, status)`);
    await q.query(`DROP INDEX responses_wave_status_submitted`);
    await q.query(`DROP TABLE response_csv_modes`);
  }
}
