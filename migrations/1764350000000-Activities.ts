// Activities and meetings log: activities with participants by sex, lists of participants, and attachments stored in PostgreSQL.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Activities1764350000000 implements MigrationInterface {
  name = 'Activities1764350000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE activities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        result_id uuid REFERENCES results(id) ON DELETE RESTRICT,
        title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 500),
        title_ar text NOT NULL DEFAULT '' CHECK (length(title_ar) <= 500),
        kind text NOT NULL CHECK (kind IN ('meeting','workshop','training','study_visit','mission','call','other')),
        status text NOT NULL DEFAULT 'held' CHECK (status IN ('planned','held','cancelled')),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        online boolean NOT NULL DEFAULT false,
        city text NOT NULL DEFAULT '' CHECK (length(city) <= 200),
        country text NOT NULL DEFAULT '' CHECK (length(country) <= 200),
        institutions text[] NOT NULL DEFAULT '{}',
        participants_women integer NOT NULL DEFAULT 0 CHECK (participants_women >= 0),
        participants_men integer NOT NULL DEFAULT 0 CHECK (participants_men >= 0),
        participants_other integer NOT NULL DEFAULT 0 CHECK (participants_other >= 0),
        participants_from_list boolean NOT NULL DEFAULT false,
        notes_en text NOT NULL DEFAULT '' CHECK (length(notes_en) <= 10000),
        notes_ar text NOT NULL DEFAULT '' CHECK (length(notes_ar) <= 10000),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on >= starts_on)
      )`);
    await q.query(`CREATE INDEX activities_programme_dates ON activities (programme_id, starts_on)`);
    await q.query(`
      CREATE TABLE activity_participants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        activity_id uuid NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
        line integer NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        institution text NOT NULL DEFAULT '' CHECK (length(institution) <= 300),
        sex text NOT NULL CHECK (sex IN ('female','male','other')),
        role text NOT NULL DEFAULT '' CHECK (length(role) <= 200),
        email text NOT NULL DEFAULT '' CHECK (length(email) <= 320)
      )`);
    await q.query(`CREATE INDEX activity_participants_activity ON activity_participants (activity_id, line)`);
    await q.query(`
      CREATE TABLE activity_attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        activity_id uuid NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
        kind text NOT NULL DEFAULT 'other' CHECK (kind IN ('concept_note','report','participants_list','photo','other')),
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
        content_type text NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        sha256 bytea NOT NULL,
        content bytea NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX activity_attachments_activity ON activity_attachments (activity_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS activity_attachments`);
    await q.query(`DROP TABLE IF EXISTS activity_participants`);
    await q.query(`DROP TABLE IF EXISTS activities`);
  }
}
