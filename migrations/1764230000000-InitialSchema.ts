// Initial schema for the whole Marsad domain (DESIGN.md §2): programmes, logframe, indicators,
// questionnaires and immutable versions, waves, stakeholders, invitations, responses, accounts, audit.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764230000000 implements MigrationInterface {
  name = 'InitialSchema1764230000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await q.query(`
      CREATE TABLE programmes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{1,40}$'),
        name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 300),
        name_ar text NOT NULL DEFAULT '' CHECK (length(name_ar) <= 300),
        -- {suppressionThreshold: 3, status: {onTrack: 0.8, atRisk: 0.5}, ...}
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        password_hash text,
        is_admin boolean NOT NULL DEFAULT false,
        preferred_language text NOT NULL DEFAULT 'en' CHECK (preferred_language IN ('en','ar')),
        disabled_at timestamptz,
        password_changed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_unique ON users (lower(email))`);

    await q.query(`
      CREATE TABLE programme_memberships (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('administrator','officer','viewer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, programme_id)
      )`);

    await q.query(`
      CREATE TABLE sessions (
        id_hash bytea PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sessions_user ON sessions (user_id)`);

    await q.query(`
      CREATE TABLE user_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('set_password','reset_password')),
        token_hash bytea NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE results (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        parent_id uuid REFERENCES results(id) ON DELETE RESTRICT,
        level text NOT NULL CHECK (level IN ('impact','strategic_objective','specific_objective','immediate_outcome','output')),
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9._-]{1,40}$'),
        statement_en text NOT NULL CHECK (length(statement_en) BETWEEN 1 AND 2000),
        statement_ar text NOT NULL DEFAULT '' CHECK (length(statement_ar) <= 2000),
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (programme_id, code)
      )`);

    await q.query(`
      CREATE TABLE questionnaires (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,60}$'),
        title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 300),
        title_ar text NOT NULL DEFAULT '' CHECK (length(title_ar) <= 300),
        draft_definition jsonb,
        draft_updated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (programme_id, code)
      )`);

    await q.query(`
      CREATE TABLE questionnaire_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        questionnaire_id uuid NOT NULL REFERENCES questionnaires(id) ON DELETE RESTRICT,
        version integer NOT NULL CHECK (version >= 1),
        definition jsonb NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by uuid REFERENCES users(id),
        UNIQUE (questionnaire_id, version)
      )`);
    // A published version is immutable: no UPDATE, no DELETE, whoever asks.
    await q.query(`
      CREATE FUNCTION marsad_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on % is not allowed: rows are immutable', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'P0001', HINT = 'immutable_row';
      END $$`);
    await q.query(`
      CREATE TRIGGER questionnaire_versions_immutable BEFORE UPDATE OR DELETE ON questionnaire_versions
      FOR EACH ROW EXECUTE FUNCTION marsad_refuse_change()`);

    await q.query(`
      CREATE TABLE indicators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        result_id uuid NOT NULL REFERENCES results(id) ON DELETE RESTRICT,
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9._-]{1,40}$'),
        name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 1000),
        name_ar text NOT NULL DEFAULT '' CHECK (length(name_ar) <= 1000),
        unit text NOT NULL CHECK (unit IN ('percent','mean','median','count','sum','index','ratio')),
        direction text NOT NULL DEFAULT 'increase' CHECK (direction IN ('increase','decrease')),
        formula jsonb NOT NULL,
        baseline_source text NOT NULL DEFAULT 'wave' CHECK (baseline_source IN ('wave','manual')),
        baseline_value numeric,
        -- {final: {value, date}, periods: [{label, date, value}]}
        targets jsonb NOT NULL DEFAULT '{}'::jsonb,
        -- [{kind:'question', item:'sex'} | {kind:'attribute', attribute:'institution'}]
        disaggregations jsonb NOT NULL DEFAULT '[]'::jsonb,
        position integer NOT NULL DEFAULT 0,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX indicators_code_unique ON indicators (programme_id, code) WHERE deleted_at IS NULL`);

    await q.query(`
      CREATE TABLE waves (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        questionnaire_version_id uuid NOT NULL REFERENCES questionnaire_versions(id) ON DELETE RESTRICT,
        kind text NOT NULL CHECK (kind IN ('baseline','midline','endline','monitoring')),
        name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 300),
        name_ar text NOT NULL DEFAULT '' CHECK (length(name_ar) <= 300),
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        closed_at timestamptz,
        open_link_token_hash bytea UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (closes_at > opens_at)
      )`);

    await q.query(`
      CREATE TABLE stakeholders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        name_en text NOT NULL DEFAULT '' CHECK (length(name_en) <= 200),
        name_ar text NOT NULL DEFAULT '' CHECK (length(name_ar) <= 200),
        institution text NOT NULL CHECK (length(institution) BETWEEN 1 AND 100),
        department text NOT NULL DEFAULT '' CHECK (length(department) <= 200),
        sex text CHECK (sex IN ('female','male','other','undisclosed')),
        preferred_language text NOT NULL DEFAULT 'en' CHECK (preferred_language IN ('en','ar')),
        email text CHECK (length(email) <= 320),
        phone text CHECK (length(phone) <= 40),
        attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
        archived_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (name_en <> '' OR name_ar <> '')
      )`);
    await q.query(`CREATE INDEX stakeholders_programme ON stakeholders (programme_id)`);

    await q.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        wave_id uuid NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
        stakeholder_id uuid NOT NULL REFERENCES stakeholders(id) ON DELETE RESTRICT,
        token_hash bytea NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'invited'
          CHECK (status IN ('invited','sent','opened','started','completed','declined','bounced')),
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX invitations_one_live_per_stakeholder ON invitations (wave_id, stakeholder_id) WHERE revoked_at IS NULL`);

    await q.query(`
      CREATE TABLE invitation_events (
        id bigserial PRIMARY KEY,
        invitation_id uuid NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('invited','mail_sent','mail_failed','opened','started','completed',
          'declined','bounced','reminder_sent','follow_up','reissued')),
        channel text CHECK (channel IN ('call','email','meeting','note','sms','other')),
        reminder_round integer,
        note text CHECK (length(note) <= 4000),
        actor_user_id uuid REFERENCES users(id),
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX invitation_events_invitation ON invitation_events (invitation_id, occurred_at)`);
    // A reminder round is sent at most once to an invitation.
    await q.query(`CREATE UNIQUE INDEX invitation_events_one_reminder_per_round ON invitation_events (invitation_id, reminder_round)
      WHERE kind = 'reminder_sent' AND reminder_round IS NOT NULL`);

    await q.query(`
      CREATE TABLE responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        wave_id uuid NOT NULL REFERENCES waves(id) ON DELETE RESTRICT,
        questionnaire_version_id uuid NOT NULL REFERENCES questionnaire_versions(id) ON DELETE RESTRICT,
        invitation_id uuid REFERENCES invitations(id) ON DELETE RESTRICT,
        stakeholder_id uuid REFERENCES stakeholders(id) ON DELETE RESTRICT,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','complete')),
        language text NOT NULL DEFAULT 'en' CHECK (language IN ('en','ar')),
        -- effective answers (codes, never labels): the submitted ones, or the latest officer revision
        answers jsonb NOT NULL DEFAULT '{}'::jsonb,
        -- answers exactly as the respondent submitted them; frozen once complete
        submitted_answers jsonb,
        current_page integer NOT NULL DEFAULT 0,
        autosave_seq integer NOT NULL DEFAULT 0,
        client_submission_id uuid UNIQUE,
        submission_hash text,
        receipt_code text UNIQUE,
        revision integer NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        CHECK (status = 'draft' OR (submitted_at IS NOT NULL AND submitted_answers IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX responses_one_per_invitation ON responses (invitation_id) WHERE invitation_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX responses_one_complete_per_invitation ON responses (invitation_id) WHERE status = 'complete'`);
    await q.query(`CREATE INDEX responses_wave_status ON responses (wave_id, status)`);
    // A completed response is never reopened and its submitted answers never change.
    await q.query(`
      CREATE FUNCTION marsad_freeze_complete_response() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'complete' AND (NEW.status <> 'complete'
            OR NEW.submitted_answers IS DISTINCT FROM OLD.submitted_answers
            OR NEW.client_submission_id IS DISTINCT FROM OLD.client_submission_id
            OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at) THEN
          RAISE EXCEPTION 'a completed response cannot be reopened or resubmitted'
            USING ERRCODE = 'P0001', HINT = 'immutable_row';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER responses_freeze_complete BEFORE UPDATE ON responses
      FOR EACH ROW EXECUTE FUNCTION marsad_freeze_complete_response()`);

    await q.query(`
      CREATE TABLE response_revisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        response_id uuid NOT NULL REFERENCES responses(id) ON DELETE RESTRICT,
        revision integer NOT NULL CHECK (revision >= 1),
        answers jsonb NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (response_id, revision)
      )`);
    await q.query(`
      CREATE TRIGGER response_revisions_immutable BEFORE UPDATE OR DELETE ON response_revisions
      FOR EACH ROW EXECUTE FUNCTION marsad_refuse_change()`);

    await q.query(`
      CREATE TABLE mail_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid REFERENCES programmes(id) ON DELETE CASCADE,
        invitation_id uuid REFERENCES invitations(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('invitation','reminder','set_password','reset_password','other')),
        to_address text NOT NULL,
        subject text NOT NULL,
        body_text text NOT NULL,
        body_html text,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sent','failed','outbox')),
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);

    await q.query(`
      CREATE TABLE reminder_schedules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        wave_id uuid NOT NULL REFERENCES waves(id) ON DELETE CASCADE,
        every_days integer NOT NULL CHECK (every_days BETWEEN 1 AND 365),
        max_rounds integer NOT NULL CHECK (max_rounds BETWEEN 1 AND 50),
        only_started boolean NOT NULL DEFAULT false,
        rounds_sent integer NOT NULL DEFAULT 0,
        next_run_at timestamptz NOT NULL,
        cancelled_at timestamptz,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE glossary_terms (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        term_en text NOT NULL CHECK (length(term_en) BETWEEN 1 AND 200),
        term_ar text NOT NULL CHECK (length(term_ar) BETWEEN 1 AND 200),
        note text NOT NULL DEFAULT '',
        UNIQUE (programme_id, term_en)
      )`);

    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid REFERENCES users(id),
        actor_kind text NOT NULL DEFAULT 'user' CHECK (actor_kind IN ('user','respondent','system','anonymous')),
        action text NOT NULL CHECK (action ~ '^[a-z_]+(\\.[a-z_]+)+$'),
        programme_id uuid REFERENCES programmes(id),
        target_type text,
        target_id text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX audit_events_programme ON audit_events (programme_id, occurred_at DESC)`);
    await q.query(`CREATE INDEX audit_events_action ON audit_events (action, occurred_at DESC)`);
    await q.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION marsad_refuse_change()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_events', 'glossary_terms', 'reminder_schedules', 'mail_messages', 'response_revisions',
      'responses', 'invitation_events', 'invitations', 'stakeholders', 'waves', 'indicators',
      'questionnaire_versions', 'questionnaires', 'results', 'user_tokens', 'sessions',
      'programme_memberships', 'users', 'programmes']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS marsad_freeze_complete_response()`);
    await q.query(`DROP FUNCTION IF EXISTS marsad_refuse_change()`);
  }
}
