// Lints questionnaire definitions with the programme's indicators and glossary (the DB side of surveys/lint), and the
// pre-publish gate: publishing is refused with questionnaire.lint_errors (409) while error findings remain.
import type { EntityManager } from 'typeorm';
import { AppError, notFound } from '../errors';
import { lintQuestionnaire, type Finding } from '../../surveys/lint';
import type { TDefinition } from '../../surveys/definition';

export interface LintReport { findings: Finding[]; counts: { error: number; warning: number; info: number } }

async function programmeInputs(em: EntityManager, programmeId: string) {
  const indicators = await em.query(
    `SELECT code, formula, disaggregations FROM indicators WHERE programme_id = $1 AND deleted_at IS NULL AND coalesce(formula->>'source', '') <> 'activities' ORDER BY position, code`, [programmeId]);
  const glossary = await em.query(`SELECT term_en AS "termEn", term_ar AS "termAr" FROM glossary_terms WHERE programme_id = $1 ORDER BY term_en`, [programmeId]);
  return { indicators, glossary };
}

export async function lintDefinition(em: EntityManager, programmeId: string, definition: unknown, previousDefinition?: unknown): Promise<LintReport> {
  const findings = lintQuestionnaire({ definition, previousDefinition, ...(await programmeInputs(em, programmeId)) });
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return { findings, counts: { error: count('error'), warning: count('warning'), info: count('info') } };
}

/** The draft, against the latest published version. */
export async function lintDraft(em: EntityManager, programmeId: string, questionnaireId: string): Promise<LintReport> {
  const rows = await em.query(`SELECT draft_definition FROM questionnaires WHERE id = $1 AND programme_id = $2`, [questionnaireId, programmeId]);
  if (!rows.length) throw notFound('questionnaire');
  if (!rows[0].draft_definition) throw new AppError('questionnaire.no_draft');
  const prev = await em.query(`SELECT definition FROM questionnaire_versions WHERE questionnaire_id = $1 ORDER BY version DESC LIMIT 1`, [questionnaireId]);
  return lintDefinition(em, programmeId, rows[0].draft_definition, prev[0]?.definition);
}

/** A published version, against the version before it. */
export async function lintVersion(em: EntityManager, programmeId: string, questionnaireId: string, version: number): Promise<LintReport> {
  const rows = await em.query(
    `SELECT v.version, v.definition FROM questionnaire_versions v JOIN questionnaires q ON q.id = v.questionnaire_id
      WHERE q.id = $1 AND q.programme_id = $2 AND v.version <= $3 ORDER BY v.version DESC LIMIT 2`, [questionnaireId, programmeId, version]);
  if (!rows.length || rows[0].version !== version) throw notFound('questionnaire_version');
  return lintDefinition(em, programmeId, rows[0].definition, rows[1]?.definition);
}

/** Pre-publish gate: throws questionnaire.lint_errors (409) with the blocking findings. */
export async function assertPublishable(em: EntityManager, programmeId: string, next: TDefinition, previous?: TDefinition): Promise<void> {
  const { findings } = await lintDefinition(em, programmeId, next, previous);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length) throw new AppError('questionnaire.lint_errors', { findings: errors });
}
