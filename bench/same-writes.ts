// The reference of the submit benchmarks: the writes a final submit must make, in one statement, without any rule.

/** the writes a submit must make, without any rule, in one statement (bench/submissions.ts's same-writes reference) */
export const SAME_WRITES = `WITH r AS (
    INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, invitation_id, stakeholder_id, status, language,
                           answers, submitted_answers, submitted_at, client_submission_id, submission_hash, receipt_code)
    VALUES ($1, $2, $3, $4, $5, 'complete', $6, $7, $7, now(), $8, $9, $10) RETURNING id),
  u AS (UPDATE invitations SET status = 'completed', updated_at = now() WHERE id = $4),
  e AS (INSERT INTO invitation_events (invitation_id, kind, occurred_at) VALUES ($4, 'completed', now())),
  a AS (INSERT INTO audit_events (actor_kind, action, programme_id, target_type, target_id, details)
    SELECT 'respondent', 'response.submit', $1, 'response', r.id::text,
           jsonb_build_object('waveId', $2::uuid, 'invitationId', $4::uuid, 'submissionId', $8::uuid) FROM r)
  SELECT id FROM r`;
