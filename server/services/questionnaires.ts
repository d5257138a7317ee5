// Questionnaires: create with a draft, save the draft (parsed + sanitised), publish immutable numbered versions.
import type { EntityManager } from 'typeorm';
import { AppError, notFound } from '../errors';
import { audit } from './audit';
import { assertNoTypeChanges, parseDefinition, type TDefinition } from '../../surveys/definition';
import { DefinitionError, TypeChangeError } from '../../surveys/errors';
import { sanitizeDefinition } from '../../surveys/sanitize';
import { assertPublishable } from './questionnaire-lint';
import { returned, rows as query } from '../db/rows';

export interface QuestionnaireInput { code: string; titleEn: string; titleAr?: string; definition: unknown }
export interface Actor { userId: string }

interface QuestionnaireRow {
  id: string; code: string; title_en: string; title_ar: string; has_draft?: boolean; draft_definition?: TDefinition | null;
  draft_updated_at: Date | null; latest_version?: number | null; created_at: Date;
}
interface VersionRow { id: string; version: number; definition: TDefinition; published_at: Date; published_by: string | null }

/** Parse + structurally check a SurveyJS definition, then sanitise the HTML in its texts. 400 with JSON paths. */
export function checkDefinition(input: unknown): TDefinition {
  try {
    return sanitizeDefinition(parseDefinition(input)) as TDefinition;
  } catch (e) {
    if (e instanceof DefinitionError) throw new AppError('questionnaire.invalid_definition', e.details);
    throw e;
  }
}

const toSummary = (r: QuestionnaireRow) => ({
  id: r.id, code: r.code, titleEn: r.title_en, titleAr: r.title_ar,
  hasDraft: r.has_draft ?? r.draft_definition != null, draftUpdatedAt: r.draft_updated_at,
  latestVersion: r.latest_version ?? null, createdAt: r.created_at,
});

export async function createQuestionnaire(em: EntityManager, programmeId: string, input: QuestionnaireInput, actor: Actor) {
  const definition = checkDefinition(input.definition);
  const dup = await em.query(`SELECT 1 FROM questionnaires WHERE programme_id = $1 AND code = $2`, [programmeId, input.code]);
  if (dup.length) throw new AppError('resource.conflict', { field: 'code' });
  const [{ id }] = await query<{ id: string }>(em,
    `INSERT INTO questionnaires (programme_id, code, title_en, title_ar, draft_definition, draft_updated_at)
     VALUES ($1, $2, $3, $4, $5, now()) RETURNING id`,
    [programmeId, input.code, input.titleEn, input.titleAr ?? '', JSON.stringify(definition)]);
  await audit(em, { actorUserId: actor.userId, action: 'questionnaire.create', programmeId, targetType: 'questionnaire', targetId: id,
    details: { code: input.code } });
  return getQuestionnaire(em, programmeId, id);
}

export async function listQuestionnaires(em: EntityManager, programmeId: string) {
  const rows = await query<QuestionnaireRow>(em,
    `SELECT q.id, q.code, q.title_en, q.title_ar, q.draft_definition IS NOT NULL AS has_draft, q.draft_updated_at, q.created_at,
            (SELECT max(v.version) FROM questionnaire_versions v WHERE v.questionnaire_id = q.id) AS latest_version
       FROM questionnaires q WHERE q.programme_id = $1 ORDER BY q.code`, [programmeId]);
  return rows.map(toSummary);
}

/** One questionnaire of the programme with its draft and its versions (without their definitions). */
export async function getQuestionnaire(em: EntityManager, programmeId: string, questionnaireId: string) {
  const rows = await query<QuestionnaireRow>(em,
    `SELECT id, code, title_en, title_ar, draft_definition, draft_updated_at, created_at
       FROM questionnaires WHERE id = $1 AND programme_id = $2`, [questionnaireId, programmeId]);
  if (!rows.length) throw notFound('questionnaire');
  const versions = await query<Omit<VersionRow, 'definition'>>(em,
    `SELECT id, version, published_at, published_by FROM questionnaire_versions WHERE questionnaire_id = $1 ORDER BY version`,
    [questionnaireId]);
  return {
    ...toSummary({ ...rows[0], latest_version: versions.length ? versions[versions.length - 1].version : null }),
    draft: rows[0].draft_definition ?? null,
    versions: versions.map((v) => ({ id: v.id, version: v.version, publishedAt: v.published_at, publishedBy: v.published_by })),
  };
}

export async function updateDraft(em: EntityManager, programmeId: string, questionnaireId: string, input: unknown, actor: Actor) {
  const definition = checkDefinition(input);
  const rows = returned<{ id: string }>(await em.query(
    `UPDATE questionnaires SET draft_definition = $3, draft_updated_at = now() WHERE id = $1 AND programme_id = $2 RETURNING id`,
    [questionnaireId, programmeId, JSON.stringify(definition)]));
  if (!rows.length) throw notFound('questionnaire');
  await audit(em, { actorUserId: actor.userId, action: 'questionnaire.update_draft', programmeId, targetType: 'questionnaire', targetId: questionnaireId });
  return getQuestionnaire(em, programmeId, questionnaireId);
}

/**
 * The checks a draft must pass before it becomes a version, in one place. The questionnaire linter
 * (surveys/lint) plugs in here and throws AppError('questionnaire.lint_errors', ...) for blocking findings.
 */
export async function prePublishCheck(previous: TDefinition[], next: TDefinition): Promise<void> {
  for (const prev of previous) {
    try {
      assertNoTypeChanges(prev, next);
    } catch (e) {
      if (e instanceof TypeChangeError) throw new AppError('questionnaire.type_changed', e.details);
      throw e;
    }
  }
}

/** Publishes the draft as version n+1 (immutable). The questionnaire row is locked so two publishes queue up. */
export async function publishDraft(em: EntityManager, programmeId: string, questionnaireId: string, actor: Actor) {
  const rows = await query<{ draft_definition: TDefinition | null }>(em,
    `SELECT draft_definition FROM questionnaires WHERE id = $1 AND programme_id = $2 FOR UPDATE`, [questionnaireId, programmeId]);
  if (!rows.length) throw notFound('questionnaire');
  if (!rows[0].draft_definition) throw new AppError('questionnaire.no_draft');
  const next = checkDefinition(rows[0].draft_definition);
  const earlier = await query<Pick<VersionRow, 'version' | 'definition'>>(em,
    `SELECT version, definition FROM questionnaire_versions WHERE questionnaire_id = $1 ORDER BY version`, [questionnaireId]);
  await prePublishCheck(earlier.map((v) => v.definition), next);
  await assertPublishable(em, programmeId, next, earlier.length ? earlier[earlier.length - 1].definition : undefined);
  const version = earlier.length ? earlier[earlier.length - 1].version + 1 : 1;
  const ins = await query<Pick<VersionRow, 'id' | 'version' | 'published_at'>>(em,
    `INSERT INTO questionnaire_versions (questionnaire_id, version, definition, published_by) VALUES ($1, $2, $3, $4)
     RETURNING id, version, published_at`, [questionnaireId, version, JSON.stringify(next), actor.userId]);
  await audit(em, { actorUserId: actor.userId, action: 'questionnaire.publish', programmeId, targetType: 'questionnaire_version',
    targetId: ins[0].id, details: { questionnaireId, version } });
  return { id: ins[0].id, questionnaireId, version, publishedAt: ins[0].published_at, definition: next };
}

export async function getVersion(em: EntityManager, programmeId: string, questionnaireId: string, version: number) {
  const rows = await query<VersionRow>(em,
    `SELECT v.id, v.version, v.definition, v.published_at, v.published_by
       FROM questionnaire_versions v JOIN questionnaires q ON q.id = v.questionnaire_id
      WHERE q.id = $1 AND q.programme_id = $2 AND v.version = $3`, [questionnaireId, programmeId, version]);
  if (!rows.length) throw notFound('questionnaire_version');
  const r = rows[0];
  return { id: r.id, questionnaireId, version: r.version, publishedAt: r.published_at, publishedBy: r.published_by, definition: r.definition };
}
