// Programmes get donor, dates, default language and archiving; each programme gets reporting periods and an institutions registry.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProgrammesPeriodsInstitutions1764300000000 implements MigrationInterface {
  name = 'ProgrammesPeriodsInstitutions1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE programmes
        ADD COLUMN donor_en text NOT NULL DEFAULT '' CHECK (length(donor_en) <= 300),
        ADD COLUMN donor_ar text NOT NULL DEFAULT '' CHECK (length(donor_ar) <= 300),
        ADD COLUMN starts_on date,
        ADD COLUMN ends_on date,
        ADD COLUMN default_language text NOT NULL DEFAULT 'en' CHECK (default_language IN ('en','ar')),
        ADD COLUMN archived_at timestamptz,
        ADD CONSTRAINT programmes_dates_ordered CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on > starts_on)`);
    await q.query(`
      CREATE TABLE reporting_periods (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9._-]{1,40}$'),
        name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
        name_ar text NOT NULL DEFAULT '' CHECK (length(name_ar) <= 200),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on >= starts_on),
        UNIQUE (programme_id, code)
      )`);
    await q.query(`CREATE INDEX reporting_periods_programme ON reporting_periods (programme_id, starts_on)`);
    await q.query(`
      CREATE TABLE institutions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        code text NOT NULL CHECK (length(code) BETWEEN 1 AND 100),
        name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 300),
        name_ar text NOT NULL DEFAULT '' CHECK (length(name_ar) <= 300),
        type text NOT NULL DEFAULT 'other'
          CHECK (type IN ('ministry','agency','parliament','cso','international_organisation','donor','other')),
        archived_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (programme_id, code)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS institutions`);
    await q.query(`DROP TABLE IF EXISTS reporting_periods`);
    await q.query(`
      ALTER TABLE programmes DROP CONSTRAINT IF EXISTS programmes_dates_ordered,
        DROP COLUMN IF EXISTS donor_en, DROP COLUMN IF EXISTS donor_ar, DROP COLUMN IF EXISTS starts_on,
        DROP COLUMN IF EXISTS ends_on, DROP COLUMN IF EXISTS default_language, DROP COLUMN IF EXISTS archived_at`);
  }
}
