// The set-up both indicator-projection test files start from, through the API: the demo baseline questionnaire published
// in the officer's programme, an open baseline wave, one indicator per formula, suppression off (threshold 1); and a
// further open wave of the same questionnaire for tests that need a second one.
import baseline from '../../surveys/demo/baseline.json';
import { testEnv } from '../setup';
import { uniq, type Session } from '../helpers';
import type { TFormula } from '../../indicators/formula';

const DAY = 86400000;

/** A new questionnaire (the demo baseline) published in the programme and an open wave of it. */
export async function openWave(officer: Session, pid: string, kind: 'baseline' | 'midline' | 'endline' | 'monitoring' = 'baseline'): Promise<string> {
  const q = await officer.post(`/api/programmes/${pid}/questionnaires`, { code: uniq('q'), titleEn: 'Baseline', definition: baseline }).expect(201);
  const v = await officer.post(`/api/programmes/${pid}/questionnaires/${q.body.id}/publish`);
  return (await officer.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind, nameEn: kind[0].toUpperCase() + kind.slice(1),
    opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + 30 * DAY).toISOString() }).expect(201)).body.id as string;
}

export async function waveWithIndicators(officer: Session, pid: string, formulas: Record<string, TFormula>): Promise<{ waveId: string; ids: Record<string, string> }> {
  const waveId = await openWave(officer, pid);
  const [res] = await testEnv().ctx.db.query(`INSERT INTO results (programme_id, level, code, statement_en) VALUES ($1, 'specific_objective', 'SO1', 'x') RETURNING id`, [pid]);
  const ids: Record<string, string> = {};
  for (const [code, formula] of Object.entries(formulas)) {
    const unit = formula.kind === 'share' ? 'percent' : formula.kind;
    ids[code] = (await officer.post(`/api/programmes/${pid}/indicators`, { resultId: res.id, code, nameEn: code, unit, formula }).expect(201)).body.id as string;
  }
  await officer.patch(`/api/programmes/${pid}/indicator-settings`, { suppressionThreshold: 1 }).expect(200);
  return { waveId, ids };
}
