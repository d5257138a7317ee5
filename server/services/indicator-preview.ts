// Formula preview: an unsaved formula computed on one wave by the real indicator engine (computeIndicatorValues) —
// the formula is checked as saving checks it, held as a temporary indicator inside a savepoint, and rolled back.
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { Lang } from '../../contracts/common';
import type { ZWaveValues } from '../../contracts/indicators';
import type { TDisaggregation, TFormula } from '../../indicators/formula';
import type { TPreviewResult } from '../../contracts/logframe';
import { computeIndicatorValues } from './indicator-values';
import { checkIndicator, programmeQuestionIndex } from './logframe';
import { listInstitutions } from './institutions';
import { notFound } from '../errors';

/** computeIndicatorValues' per-wave output (the contract of the values endpoints) */
type WaveOut = z.infer<typeof ZWaveValues>;
const DEFAULT_DIMS: TDisaggregation[] = [{ kind: 'question', name: 'sex' }, { kind: 'attribute', attribute: 'institution' }];
const dimName = (d: TDisaggregation) => (d.kind === 'question' ? d.name : d.attribute);

async function pickWave(em: EntityManager, programmeId: string, waveId?: string): Promise<{ id: string; name_en: string; name_ar: string } | undefined> {
  const rows: Array<{ id: string; name_en: string; name_ar: string }> = await em.query(
    `SELECT w.id, w.name_en, w.name_ar FROM waves w WHERE w.programme_id = $1 AND ($2::uuid IS NULL OR w.id = $2)
      ORDER BY (SELECT count(*) FROM responses r WHERE r.wave_id = w.id AND r.status = 'complete') > 0 DESC, w.opens_at DESC LIMIT 1`,
    [programmeId, waveId ?? null]);
  if (waveId && !rows.length) throw notFound('wave');
  return rows[0];
}

/** Which dimensions to show: the asked ones, else sex (question or stakeholder attribute) and institution. */
async function dimensions(em: EntityManager, programmeId: string, asked?: TDisaggregation[]): Promise<string[]> {
  if (asked?.length) return asked.map((d) => `${d.kind}:${dimName(d)}`);
  const qi = await programmeQuestionIndex(em, programmeId);
  return DEFAULT_DIMS.map((d) => (d.kind === 'question' && !qi?.has(d.name) ? `attribute:${d.name}` : `${d.kind}:${dimName(d)}`));
}

export async function previewFormula(em: EntityManager, programmeId: string,
  b: { formula: TFormula; unit?: string; waveId?: string; disaggregations?: TDisaggregation[] }, lang: Lang): Promise<TPreviewResult> {
  await checkIndicator(em, programmeId, b.formula, b.disaggregations ?? []);
  const wave = await pickWave(em, programmeId, b.waveId);
  const empty: TPreviewResult = { waveId: null, waveName: null, overall: null, disaggregations: [], responseRate: null };
  if (!wave) return empty;
  const dims = await dimensions(em, programmeId, b.disaggregations);
  await em.query('SAVEPOINT marsad_preview');
  try {
    const [res] = await em.query(`SELECT id FROM results WHERE programme_id = $1 LIMIT 1`, [programmeId]);
    const resultId = res?.id ?? (await em.query(
      `INSERT INTO results (programme_id, level, code, statement_en) VALUES ($1, 'output', '__preview__', 'preview') RETURNING id`, [programmeId]))[0].id;
    const unit = b.unit ?? ({ share: 'percent', count: 'count', mean: 'mean', median: 'median', sum: 'sum', index: 'index', ratio: 'ratio' } as const)[b.formula.kind];
    const [ind] = await em.query(
      `INSERT INTO indicators (programme_id, result_id, code, name_en, unit, formula, deleted_at) VALUES ($1, $2, '__preview__', 'preview', $3, $4, NULL) RETURNING id`,
      [programmeId, resultId, unit, JSON.stringify(b.formula)]);
    const out = await computeIndicatorValues(em, programmeId, { waveIds: [wave.id], disaggregate: dims, lang, indicatorId: ind.id });
    const v: WaveOut | undefined = out.indicators[0]?.values[0];
    const names = new Map((await listInstitutions(em, programmeId, true)).map((i) => [i.code, lang === 'ar' && i.nameAr ? i.nameAr : i.nameEn]));
    return {
      waveId: wave.id, waveName: lang === 'ar' && wave.name_ar ? wave.name_ar : wave.name_en,
      overall: v?.overall ?? null,
      responseRate: v ? { invited: v.responseRate.invited, completed: v.responseRate.completed } : null,
      disaggregations: (v?.disaggregations ?? []).filter((d) => d.dimensions.length === 1).map((d) => {
        const dim = d.dimensions[0];
        const isInstitution = dim.kind === 'attribute' && dim.attribute === 'institution';
        return { dimension: dim.key, cells: d.cells.map((c) => {
          const { keys, ...cell } = c;
          return { ...cell, code: keys[0].code, label: isInstitution ? names.get(keys[0].code) ?? keys[0].label : keys[0].label };
        }) };
      }),
    };
  } finally {
    await em.query('ROLLBACK TO SAVEPOINT marsad_preview');
  }
}
