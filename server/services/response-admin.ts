// Responses for officers: the wave's responses page by page (filters, search), one response with its questions and
// labels in both languages, and exclusion (test, duplicate…) with a reason — reversible and audited. Excluded
// responses leave rates, indicators and exports (condition: responses.excluded_at IS NULL).
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { AppError, notFound } from '../errors';
import { audit } from './audit';
import { loadWave } from './invitations';
import { returned } from './stakeholders';
import { questionIndex, type TDefinition } from '../../surveys/definition';
import type { Question, ZResponsesQuery } from '../../contracts/responses';

interface Row {
  id: string; status: 'draft' | 'complete'; language: string; revision: number; submitted_at: Date | null; updated_at: Date;
  excluded_at: Date | null; excluded_reason: string | null; excluded_by: string | null; sid: string | null; name_en: string | null; name_ar: string | null;
  sex: string | null; institution: string | null; inst_en: string | null; inst_ar: string | null; total?: string;
}
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const SELECT = `SELECT r.id, r.status, r.language, r.revision, r.submitted_at, r.updated_at, r.excluded_at, r.excluded_reason, r.excluded_by,
    s.id AS sid, s.name_en, s.name_ar, s.sex, s.institution, inst.name_en AS inst_en, inst.name_ar AS inst_ar
  FROM responses r LEFT JOIN stakeholders s ON s.id = r.stakeholder_id
  LEFT JOIN institutions inst ON inst.programme_id = r.programme_id AND inst.code = s.institution`;
const toRow = (r: Row) => ({
  id: r.id, status: r.status, language: r.language, revision: r.revision, submittedAt: iso(r.submitted_at), updatedAt: iso(r.updated_at)!,
  excludedAt: iso(r.excluded_at), excludedReason: r.excluded_reason,
  stakeholder: r.sid ? { id: r.sid, nameEn: r.name_en ?? '', nameAr: r.name_ar ?? '', sex: r.sex, institution: r.institution ?? '',
    institutionEn: r.inst_en, institutionAr: r.inst_ar } : null,
});

export async function listResponses(em: EntityManager, programmeId: string, waveId: string, q: z.output<typeof ZResponsesQuery>) {
  await loadWave(em, programmeId, waveId);
  const where = ['r.wave_id = $1', 'r.programme_id = $2'];
  const params: unknown[] = [waveId, programmeId];
  const add = (sql: string, v: unknown) => { params.push(v); where.push(sql.replaceAll('?', `$${params.length}`)); };
  if (q.status) add('r.status = ?', q.status);
  if (q.institution) add('s.institution = ?', q.institution);
  if (q.sex) add('s.sex = ?', q.sex);
  if (q.excluded === 'true') where.push('r.excluded_at IS NOT NULL');
  if (q.excluded === 'false') where.push('r.excluded_at IS NULL');
  if (q.q) {
    add(`(s.name_en ILIKE ? ESCAPE '\\' OR s.name_ar ILIKE ? ESCAPE '\\' OR s.institution ILIKE ? ESCAPE '\\' OR inst.name_en ILIKE ? ESCAPE '\\'
      OR inst.name_ar ILIKE ? ESCAPE '\\' OR r.receipt_code ILIKE ? ESCAPE '\\')`, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  params.push(q.limit, q.offset);
  const rows: Row[] = await em.query(`${SELECT.replace('s.institution, inst', 's.institution, count(*) OVER () AS total, inst')}
    WHERE ${where.join(' AND ')} ORDER BY r.submitted_at DESC NULLS LAST, r.updated_at DESC, r.id
    LIMIT $${params.length - 1} OFFSET $${params.length}`, params);
  return { total: rows.length ? Number(rows[0].total) : 0, items: rows.map(toRow) };
}

/** Top-level questions of the version with bilingual titles and choices; simple ones are editable in the correction form. */
export function questionsOf(def: TDefinition): Question[] {
  const EDITABLE = new Set(['radiogroup', 'dropdown', 'rating', 'text', 'comment', 'boolean', 'checkbox', 'tagbox']);
  return [...questionIndex(def).values()].filter((q) => !q.parentDynamic).map((q) => ({
    name: q.name, type: q.type, titleEn: q.titleEn || q.name, titleAr: q.titleAr || q.titleEn || q.name, page: q.page,
    inputType: q.inputType ?? null, choices: q.choices ?? null, rateValues: q.rateValues ?? null, editable: EDITABLE.has(q.type),
  }));
}

export async function responseDetail(em: EntityManager, programmeId: string, responseId: string) {
  const rows: Array<Row & { wave_id: string; questionnaire_version_id: string; answers: Record<string, unknown>;
    submitted_answers: Record<string, unknown> | null; definition: TDefinition }> = await em.query(
    `${SELECT.replace('r.excluded_by,', 'r.excluded_by, r.wave_id, r.questionnaire_version_id, r.answers, r.submitted_answers, v.definition,')}
      JOIN questionnaire_versions v ON v.id = r.questionnaire_version_id WHERE r.id = $1 AND r.programme_id = $2`, [responseId, programmeId]);
  if (!rows.length) throw notFound('response');
  const r = rows[0];
  return { ...toRow(r), waveId: r.wave_id, questionnaireVersionId: r.questionnaire_version_id, answers: r.answers,
    submittedAnswers: r.submitted_answers, questions: questionsOf(r.definition), excludedBy: r.excluded_by };
}

export async function setExcluded(em: EntityManager, programmeId: string, responseId: string, exclude: boolean, reason: string | undefined, actorUserId: string) {
  const rows = returned<{ id: string; excluded_at: Date | null; excluded_reason: string | null }>(await em.query(
    `UPDATE responses SET excluded_at = CASE WHEN $3 THEN coalesce(excluded_at, now()) END,
        excluded_reason = CASE WHEN $3 THEN coalesce(excluded_reason, $4) END, excluded_by = CASE WHEN $3 THEN coalesce(excluded_by, $5) END
      WHERE id = $1 AND programme_id = $2 RETURNING id, excluded_at, excluded_reason`, [responseId, programmeId, exclude, reason ?? null, actorUserId]));
  if (!rows.length) throw notFound('response');
  if (exclude && !rows[0].excluded_reason) throw new AppError('request.invalid', { field: 'reason' });
  await audit(em, { actorUserId, action: exclude ? 'response.exclude' : 'response.restore', programmeId, targetType: 'response', targetId: responseId,
    details: { reason: reason ?? null } });
  return { id: rows[0].id, excludedAt: iso(rows[0].excluded_at), excludedReason: rows[0].excluded_reason };
}
