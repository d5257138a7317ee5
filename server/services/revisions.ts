// Response corrections: an officer's edit of a completed response is a new immutable revision (who, when, why);
// the respondent's submitted answers never change; concurrent edits of one revision → the second gets 409.
import type { EntityManager } from 'typeorm';
import { AppError, notFound } from '../errors';
import { audit } from './audit';
import { getValidator } from '../../surveys/validator';
import type { TDefinition } from '../../surveys/definition';

type Answers = Record<string, unknown>;
export interface Change { key: string; before: unknown; after: unknown }

export interface ResponseView {
  id: string; status: string; revision: number; language: string; waveId: string; questionnaireVersionId: string;
  stakeholderId: string | null; answers: Answers; submittedAnswers: Answers | null; submittedAt: string | null; updatedAt: string;
}

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

export async function getResponse(em: EntityManager, programmeId: string, responseId: string): Promise<ResponseView> {
  const rows = await em.query(
    `SELECT id, status, revision, language, wave_id, questionnaire_version_id, stakeholder_id, answers, submitted_answers, submitted_at, updated_at
       FROM responses WHERE id = $1 AND programme_id = $2`, [responseId, programmeId]);
  if (!rows.length) throw notFound('response');
  const r = rows[0];
  return {
    id: r.id, status: r.status, revision: r.revision, language: r.language, waveId: r.wave_id, questionnaireVersionId: r.questionnaire_version_id,
    stakeholderId: r.stakeholder_id, answers: r.answers, submittedAnswers: r.submitted_answers, submittedAt: iso(r.submitted_at), updatedAt: iso(r.updated_at)!,
  };
}

/** Per-key differences between two answer sets, keys sorted; a missing answer is null. */
export function diffAnswers(before: Answers, after: Answers): Change[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return keys.filter((k) => !same(before[k], after[k])).map((k) => ({ key: k, before: before[k] ?? null, after: after[k] ?? null }));
}

export async function reviseResponse(em: EntityManager, actorId: string, programmeId: string, responseId: string,
  input: { baseRevision: number; answers: Answers; reason: string }): Promise<ResponseView & { changes: Change[] }> {
  const rows = await em.query(
    `SELECT r.status, r.revision, r.answers, r.questionnaire_version_id, v.definition
       FROM responses r JOIN questionnaire_versions v ON v.id = r.questionnaire_version_id
      WHERE r.id = $1 AND r.programme_id = $2`, [responseId, programmeId]);
  if (!rows.length) throw notFound('response');
  const cur = rows[0];
  if (cur.status !== 'complete') throw new AppError('response.not_complete');
  if (cur.revision !== input.baseRevision) throw new AppError('resource.stale', { baseRevision: input.baseRevision, currentRevision: cur.revision });
  const checked = getValidator(cur.questionnaire_version_id, cur.definition as TDefinition).validate(input.answers, { mode: 'final' });
  if (!checked.ok) throw new AppError('answers.invalid', { errors: checked.errors });
  const changes = diffAnswers(cur.answers, checked.answers);
  if (!changes.length) throw new AppError('request.invalid', { reason: 'the answers are unchanged' });
  // Optimistic lock: a concurrent correction of the same base revision updates 0 rows here (it waits, then re-checks).
  const upd = await em.query(
    `UPDATE responses SET answers = $3, revision = revision + 1, updated_at = now()
      WHERE id = $1 AND programme_id = $2 AND revision = $4 AND status = 'complete' RETURNING revision`,
    [responseId, programmeId, JSON.stringify(checked.answers), input.baseRevision]);
  if (!upd[0]?.length) throw new AppError('resource.stale', { baseRevision: input.baseRevision });
  const revision: number = upd[0][0].revision;
  await em.query(`INSERT INTO response_revisions (response_id, revision, answers, reason, created_by) VALUES ($1, $2, $3, $4, $5)`,
    [responseId, revision, JSON.stringify(checked.answers), input.reason, actorId]);
  await audit(em, { actorUserId: actorId, action: 'response.revise', programmeId, targetType: 'response', targetId: responseId,
    details: { revision, reason: input.reason, keys: changes.map((c) => c.key) } });
  return { ...(await getResponse(em, programmeId, responseId)), changes };
}

export async function listRevisions(em: EntityManager, programmeId: string, responseId: string) {
  const resp = await getResponse(em, programmeId, responseId);
  const rows: Array<{ revision: number; answers: Answers; reason: string; created_at: Date; user_id: string; name: string; email: string }> = await em.query(
    `SELECT rr.revision, rr.answers, rr.reason, rr.created_at, u.id AS user_id, u.name, u.email
       FROM response_revisions rr JOIN users u ON u.id = rr.created_by
      WHERE rr.response_id = $1 ORDER BY rr.revision`, [responseId]);
  let prev: Answers = resp.submittedAnswers ?? {};
  const revisions = rows.map((r) => {
    const changes = diffAnswers(prev, r.answers);
    prev = r.answers;
    return { revision: r.revision, reason: r.reason, createdAt: iso(r.created_at)!, createdBy: { id: r.user_id, name: r.name, email: r.email }, answers: r.answers, changes };
  });
  return { responseId, revision: resp.revision, submittedAnswers: resp.submittedAnswers, submittedAt: resp.submittedAt, answers: resp.answers, revisions };
}
