// Rate-limit counters shared by every instance (one UNLOGGED table, atomic upserts), and submission ids scoped to their
// respondent: no global uniqueness, and marsad_submit_invitation no longer tells whether another respondent used an id.
import { MigrationInterface, QueryRunner } from 'typeorm';
import { SubmitFunction1764250000000 } from './1764250000000-SubmitFunction';

export class RateLimitsSubmissionScope1764370000000 implements MigrationInterface {
  name = 'RateLimitsSubmissionScope1764370000000';

  public async up(q: QueryRunner): Promise<void> {
    // counters are short-lived: unlogged (not written to the WAL; emptied after a crash, which only resets the limits)
    await q.query(`CREATE UNLOGGED TABLE rate_limit_counters (key text PRIMARY KEY, hits integer NOT NULL, reset_at timestamptz NOT NULL)`);
    await q.query(`ALTER TABLE responses DROP CONSTRAINT IF EXISTS responses_client_submission_id_key`);
    await q.query(`
      CREATE OR REPLACE FUNCTION marsad_submit_invitation(p_invitation uuid, p_submission uuid, p_hash text, p_answers jsonb,
          p_language text, p_receipt text)
      RETURNS TABLE (outcome text, receipt text, at timestamptz) LANGUAGE plpgsql AS $$
      DECLARE
        inv record;
        r record;
        rid uuid;
      BEGIN
        SELECT i.id, i.stakeholder_id, w.id AS wave_id, w.programme_id, w.questionnaire_version_id INTO inv
          FROM invitations i JOIN waves w ON w.id = i.wave_id
         WHERE i.id = p_invitation AND i.revoked_at IS NULL FOR UPDATE OF i;
        IF NOT FOUND THEN RETURN QUERY SELECT 'not_found'::text, NULL::text, NULL::timestamptz; RETURN; END IF;
        SELECT x.id, x.status, x.client_submission_id, x.submission_hash, x.receipt_code, x.submitted_at INTO r
          FROM responses x WHERE x.invitation_id = p_invitation FOR UPDATE;
        IF FOUND AND r.status = 'complete' THEN
          IF r.client_submission_id IS DISTINCT FROM p_submission THEN
            RETURN QUERY SELECT 'already_complete'::text, NULL::text, NULL::timestamptz;
          ELSIF r.submission_hash IS DISTINCT FROM p_hash THEN
            RETURN QUERY SELECT 'submission_conflict'::text, NULL::text, NULL::timestamptz;
          ELSE
            RETURN QUERY SELECT 'duplicate'::text, r.receipt_code, r.submitted_at;
          END IF;
          RETURN;
        END IF;
        IF r.id IS NULL THEN
          INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, invitation_id, stakeholder_id, status, language,
                                 answers, submitted_answers, submitted_at, client_submission_id, submission_hash, receipt_code)
          VALUES (inv.programme_id, inv.wave_id, inv.questionnaire_version_id, p_invitation, inv.stakeholder_id, 'complete', p_language,
                  p_answers, p_answers, now(), p_submission, p_hash, p_receipt)
          RETURNING id INTO rid;
          INSERT INTO invitation_events (invitation_id, kind) VALUES (p_invitation, 'started');
        ELSE
          rid := r.id;
          UPDATE responses SET status = 'complete', answers = p_answers, submitted_answers = p_answers, language = p_language,
                 submitted_at = now(), client_submission_id = p_submission, submission_hash = p_hash, receipt_code = p_receipt,
                 updated_at = now()
           WHERE id = rid;
        END IF;
        UPDATE invitations SET status = 'completed', updated_at = now() WHERE id = p_invitation;
        INSERT INTO invitation_events (invitation_id, kind) VALUES (p_invitation, 'completed');
        INSERT INTO audit_events (actor_kind, action, programme_id, target_type, target_id, details)
        VALUES ('respondent', 'response.submit', inv.programme_id, 'response', rid::text,
                jsonb_build_object('waveId', inv.wave_id, 'invitationId', p_invitation, 'submissionId', p_submission));
        RETURN QUERY SELECT 'complete'::text, p_receipt, now();
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS marsad_submit_invitation(uuid, uuid, text, jsonb, text, text)`);
    await new SubmitFunction1764250000000().up(q);
    await q.query(`ALTER TABLE responses ADD CONSTRAINT responses_client_submission_id_key UNIQUE (client_submission_id)`);
    await q.query(`DROP TABLE IF EXISTS rate_limit_counters`);
  }
}
