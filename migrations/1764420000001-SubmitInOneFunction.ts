// The respondent's final submit in ONE database function (invitations and open links, every rule), and leaner writes:
// no 'started' event beside 'completed' for a submit without a draft, two unused indexes dropped, HOT room on invitations.
import { MigrationInterface, QueryRunner } from 'typeorm';

/** The submit function of 1764370000000-RateLimitsSubmissionScope, restored by down(). */
export const PREVIOUS_FUNCTION = `
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
  END $$`;

/**
 * Whether a token hash belongs to an invitation link an officer replaced (revoked, and the stakeholder has a live
 * invitation to the same wave): the respondent is then told the link was replaced instead of "not valid".
 */
const LINK_REPLACED_FUNCTION = `
  CREATE FUNCTION marsad_link_replaced(p_token bytea) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM invitations i WHERE i.token_hash = p_token AND i.revoked_at IS NOT NULL
       AND EXISTS (SELECT 1 FROM invitations n WHERE n.wave_id = i.wave_id AND n.stakeholder_id = i.stakeholder_id AND n.revoked_at IS NULL))
  $$`;

/**
 * The final submit, every rule, atomically. p_link NULL: p_token is the sha256 of an invitation token; otherwise p_token
 * is the anonymous respondent's own token hash and p_link the open link's. Rules, in this order:
 *   unknown/revoked → not_found (a replaced invitation link → link_replaced);
 *   a complete response: same submission id and payload hash → duplicate (its receipt, even after the wave closed),
 *     same id and another hash → submission_conflict, another id → already_complete;
 *   wave not open (the rule of server/services/wave-rules.ts WAVE_IS_OPEN_SQL) → wave_closed (with its dates);
 *   p_version is not the wave's questionnaire version → version (the caller validated against another version: it
 *     validates again with the returned one and calls again);
 *   p_answers NULL (the caller found the answers invalid) → invalid, nothing written;
 *   otherwise the response is created complete (or its draft completed), the invitation marked completed with a
 *   'completed' event (a 'started' event is written by the draft that starts a response, never here), the audit row
 *   response.submit written, and the receipt returned → complete.
 * Submits of one invitation queue on its row lock; an open-link respondent's on their response row (or, for the first
 * one, on the unique index: the loser of the insert reads the winner's row and answers by the rules above).
 */
const SUBMIT_FUNCTION = `
  CREATE FUNCTION marsad_submit(p_token bytea, p_link bytea, p_version uuid, p_submission uuid, p_hash text, p_answers jsonb,
      p_language text, p_receipt text,
      OUT outcome text, OUT receipt text, OUT at timestamptz, OUT version uuid,
      OUT opens_at timestamptz, OUT closes_at timestamptz, OUT closed boolean)
  LANGUAGE plpgsql AS $$
  DECLARE
    v_inv uuid; v_stakeholder uuid; v_wave uuid; v_programme uuid; v_open boolean;
    r_id uuid; r_status text; r_submission uuid; r_hash text; r_receipt text; r_at timestamptz;
    rid uuid;
  BEGIN
    IF p_link IS NULL THEN
      SELECT i.id, i.stakeholder_id, w.id, w.programme_id, w.questionnaire_version_id,
             (w.closed_at IS NULL AND now() >= w.opens_at AND now() < w.closes_at), w.opens_at, w.closes_at, w.closed_at IS NOT NULL
        INTO v_inv, v_stakeholder, v_wave, v_programme, version, v_open, opens_at, closes_at, closed
        FROM invitations i JOIN waves w ON w.id = i.wave_id
       WHERE i.token_hash = p_token AND i.revoked_at IS NULL FOR NO KEY UPDATE OF i;
      IF NOT FOUND THEN
        outcome := CASE WHEN marsad_link_replaced(p_token) THEN 'link_replaced' ELSE 'not_found' END;
        version := NULL; RETURN;
      END IF;
    END IF;
    FOR attempt IN 1..3 LOOP
      IF p_link IS NULL THEN
        -- the invitation lock serialises submits; an autosave's UPDATE meeting ours waits for it (then finds it complete)
        SELECT x.id, x.status, x.client_submission_id, x.submission_hash, x.receipt_code, x.submitted_at
          INTO r_id, r_status, r_submission, r_hash, r_receipt, r_at
          FROM responses x WHERE x.invitation_id = v_inv;
      ELSE
        -- a started response keeps working even when the officer replaced the open link
        SELECT x.id, x.status, x.client_submission_id, x.submission_hash, x.receipt_code, x.submitted_at,
               w.id, w.programme_id, w.questionnaire_version_id,
               (w.closed_at IS NULL AND now() >= w.opens_at AND now() < w.closes_at), w.opens_at, w.closes_at, w.closed_at IS NOT NULL
          INTO r_id, r_status, r_submission, r_hash, r_receipt, r_at, v_wave, v_programme, version, v_open, opens_at, closes_at, closed
          FROM responses x JOIN waves w ON w.id = x.wave_id WHERE x.respondent_token_hash = p_token FOR UPDATE OF x;
        IF NOT FOUND THEN
          SELECT w.id, w.programme_id, w.questionnaire_version_id,
                 (w.closed_at IS NULL AND now() >= w.opens_at AND now() < w.closes_at), w.opens_at, w.closes_at, w.closed_at IS NOT NULL
            INTO v_wave, v_programme, version, v_open, opens_at, closes_at, closed
            FROM waves w WHERE w.open_link_token_hash = p_link;
          IF NOT FOUND THEN outcome := 'not_found'; version := NULL; RETURN; END IF;
        END IF;
      END IF;
      IF r_status = 'complete' THEN
        IF r_submission IS DISTINCT FROM p_submission THEN outcome := 'already_complete';
        ELSIF r_hash IS DISTINCT FROM p_hash THEN outcome := 'submission_conflict';
        ELSE outcome := 'duplicate'; receipt := r_receipt; at := r_at;
        END IF;
        RETURN;
      END IF;
      IF NOT v_open THEN outcome := 'wave_closed'; RETURN; END IF;
      IF p_version IS DISTINCT FROM version THEN outcome := 'version'; RETURN; END IF;
      IF p_answers IS NULL THEN outcome := 'invalid'; RETURN; END IF;
      at := now();
      IF r_id IS NOT NULL THEN
        UPDATE responses SET status = 'complete', answers = p_answers, submitted_answers = p_answers, language = p_language,
               submitted_at = at, client_submission_id = p_submission, submission_hash = p_hash, receipt_code = p_receipt,
               updated_at = at
         WHERE id = r_id;
        rid := r_id;
        EXIT;
      END IF;
      IF p_link IS NULL THEN
        INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, invitation_id, stakeholder_id, status, language,
                               answers, submitted_answers, submitted_at, client_submission_id, submission_hash, receipt_code)
        VALUES (v_programme, v_wave, version, v_inv, v_stakeholder, 'complete', p_language,
                p_answers, p_answers, at, p_submission, p_hash, p_receipt)
        ON CONFLICT (invitation_id) WHERE invitation_id IS NOT NULL DO NOTHING RETURNING id INTO rid;
      ELSE
        INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, respondent_token_hash, status, language,
                               answers, submitted_answers, submitted_at, client_submission_id, submission_hash, receipt_code)
        VALUES (v_programme, v_wave, version, p_token, 'complete', p_language,
                p_answers, p_answers, at, p_submission, p_hash, p_receipt)
        ON CONFLICT (respondent_token_hash) WHERE respondent_token_hash IS NOT NULL DO NOTHING RETURNING id INTO rid;
      END IF;
      EXIT WHEN rid IS NOT NULL;
      -- a concurrent autosave or submit created the row first: read it and decide again
    END LOOP;
    IF rid IS NULL THEN
      RAISE EXCEPTION 'the response row kept changing under the submit' USING ERRCODE = '40001';
    END IF;
    IF p_link IS NULL THEN
      UPDATE invitations SET status = 'completed', updated_at = at WHERE id = v_inv;
      INSERT INTO invitation_events (invitation_id, kind, occurred_at) VALUES (v_inv, 'completed', at);
    END IF;
    INSERT INTO audit_events (actor_kind, action, programme_id, target_type, target_id, details)
    VALUES (CASE WHEN p_link IS NULL THEN 'respondent' ELSE 'anonymous' END, 'response.submit', v_programme, 'response', rid::text,
            jsonb_build_object('waveId', v_wave, 'invitationId', v_inv, 'submissionId', p_submission));
    outcome := 'complete'; receipt := p_receipt;
  END $$`;

export class SubmitInOneFunction1764420000001 implements MigrationInterface {
  name = 'SubmitInOneFunction1764420000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION marsad_submit_invitation(uuid, uuid, text, jsonb, text, text)`);
    await q.query(LINK_REPLACED_FUNCTION);
    await q.query(SUBMIT_FUNCTION);
    // implied by responses_one_per_invitation (two complete rows of one invitation are two rows of one invitation)
    await q.query(`DROP INDEX responses_one_complete_per_invitation`);
    // invitation responses (most of them) have no respondent token: they need no entry in its unique index
    await q.query(`ALTER TABLE responses DROP CONSTRAINT responses_respondent_token_hash_key`);
    await q.query(`CREATE UNIQUE INDEX responses_respondent_token ON responses (respondent_token_hash) WHERE respondent_token_hash IS NOT NULL`);
    // no query filters audit_events by the exact action (the trail filters by prefix, left(action, n)); every audited write paid for it
    await q.query(`DROP INDEX audit_events_action`);
    // room on each page for the status update of a submit to stay a heap-only (HOT) update (no new index entries)
    await q.query(`ALTER TABLE invitations SET (fillfactor = 85)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invitations RESET (fillfactor)`);
    await q.query(`CREATE INDEX audit_events_action ON audit_events (action, occurred_at DESC)`);
    await q.query(`DROP INDEX responses_respondent_token`);
    await q.query(`ALTER TABLE responses ADD CONSTRAINT responses_respondent_token_hash_key UNIQUE (respondent_token_hash)`);
    await q.query(`CREATE UNIQUE INDEX responses_one_complete_per_invitation ON responses (invitation_id) WHERE status = 'complete'`);
    await q.query(`DROP FUNCTION marsad_submit(bytea, bytea, uuid, uuid, text, jsonb, text, text)`);
    await q.query(`DROP FUNCTION marsad_link_replaced(bytea)`);
    await q.query(PREVIOUS_FUNCTION);
  }
}
