// Shared by the CSV export tests: a sink, an answer generator of every unexpected shape, a programme with one wave of
// generated responses, and the byte-for-byte comparison of the COPY exporter with the former JS exporter.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { testEnv } from '../setup';
import { createProgramme } from '../helpers';
import { questionIndex, type TDefinition, type TQuestionInfo } from '../../surveys/definition';
import { loadWave, streamResponsesCsv, streamResponsesCsvJs, type ResponseExportOptions } from '../../server/exports/responses-csv';
import { institutionNames } from '../../server/exports/report-data';

export class Sink extends Writable {
  chunks: Buffer[] = [];
  override _write(c: Buffer, _e: BufferEncoding, cb: () => void) { this.chunks.push(Buffer.from(c)); cb(); }
  text() { return Buffer.concat(this.chunks).toString('utf8'); }
}

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  return () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const ODD: unknown[] = ['', 'a', '=SUM(A1)', '+1', '-1', '-3.5', '-x', '@me', '\tTab', '\rCR', 'line\nbreak', 'crlf\r\nend', 'say "hi"', 'a,b', 'ملاحظة، "نص"',
  '😀 emoji', 'x;y', '1;2', ';', ' ', 0, 1, 2, -3, 7.5, 1.5e21, 1e21, 1e20, 1e-7, 2.5e-6, 123456789012345678, 0.1, 1e15, -0.0001, true, false, null, [], ['a'], [1, 2],
  ['x', null, 3, true], {}, { a: 1, 10: 2, 2: [1], b: { z: null } }, [[1, [2, null]], { b: 1 }], 'true', '1', "O'Brien", 'back\\slash', '[1, 2]', '{"a": 1}'];

export function generator(def: TDefinition, seed: number) {
  const rnd = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const index = questionIndex(def);
  const codes = (q: TQuestionInfo) => (q.choices ?? []).map((c) => c.value);
  const scalar = (choices: unknown[]) => (rnd() < 0.6 && choices.length ? pick(choices) : rnd() < 0.5 && choices.length ? String(pick(choices)) : pick(ODD));
  const value = (q: TQuestionInfo): unknown => {
    if (rnd() < 0.12) return pick(ODD);
    switch (q.type) {
      case 'checkbox': case 'tagbox': case 'ranking': case 'imagepicker': {
        const list = [...codes(q), 'free other text', 1, '=x'].filter(() => rnd() < 0.4);
        return q.type === 'imagepicker' && q.element.multiSelect !== true ? scalar(codes(q)) : list;
      }
      case 'matrix': return Object.fromEntries((q.rows ?? []).filter(() => rnd() < 0.8).map((r) => [String(r.value), scalar((q.columns ?? []).map((c) => c.value))]));
      case 'matrixdropdown': return Object.fromEntries((q.rows ?? []).map((r) => [String(r.value),
        rnd() < 0.1 ? pick(ODD) : Object.fromEntries((q.columns ?? []).map((c) => [c.name, scalar((c.choices ?? []).map((x) => x.value))]))]));
      case 'matrixdynamic': return Array.from({ length: Math.floor(rnd() * 4) }, () => (rnd() < 0.1 ? pick(ODD)
        : Object.fromEntries((q.columns ?? []).map((c) => [c.name, scalar((c.choices ?? []).map((x) => x.value))]))));
      case 'multipletext': return Object.fromEntries((q.items ?? []).map((it) => [it.name, pick(ODD)]));
      case 'paneldynamic': {
        const inner = [...index.values()].filter((x) => x.parentDynamic === q.name);
        return Array.from({ length: Math.floor(rnd() * 4) }, () => (rnd() < 0.1 ? pick(ODD) : answersOf(inner)));
      }
      case 'boolean': return pick([true, false, q.valueTrue ?? true, q.valueFalse ?? false, 'true', 1]);
      default: return scalar(codes(q));
    }
  };
  const answersOf = (qs: TQuestionInfo[]) => {
    const a: Record<string, unknown> = {};
    for (const q of qs) {
      if (rnd() < 0.75) a[q.name] = value(q);
      if (rnd() < 0.2) a[`${q.name}-Comment`] = pick(ODD);
    }
    return a;
  };
  const top = [...index.values()].filter((q) => !q.parentDynamic);
  return () => answersOf(top);
}

export async function programmeWithWave(definition: TDefinition, responses: number, seed: number) {
  const db = testEnv().ctx.db;
  const programmeId = await createProgramme();
  await db.query(`INSERT INTO institutions (programme_id, code, name_en, name_ar) VALUES ($1, 'MFA', 'Foreign Affairs', ''), ($1, 'DI', '=cmd "x"', 'وزارة "الداخلية"، ليبيا')`, [programmeId]);
  const [q] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'q', 'Q') RETURNING id`, [programmeId]);
  const [v] = await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 3, $2) RETURNING id`, [q.id, JSON.stringify(definition)]);
  const [w] = await db.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, name_ar, opens_at, closes_at)
    VALUES ($1, $2, 'baseline', '-Wave "1", 2024', '', '2024-01-01', '2024-03-01') RETURNING id`, [programmeId, v.id]);
  const stakeholders: string[] = [];
  for (const [inst, sex] of [['MFA', 'female'], ['DI', 'male'], ['UNKNOWN;X', 'other'], ['-5', null], ['DI', 'undisclosed']]) {
    const [s] = await db.query(`INSERT INTO stakeholders (programme_id, name_en, institution, sex) VALUES ($1, 'S', $2, $3) RETURNING id`, [programmeId, inst, sex]);
    stakeholders.push(s.id);
  }
  const next = generator(definition, seed);
  const rnd = rng(seed + 1);
  for (let i = 0; i < responses; i++) {
    const answers = i === 0 ? [1, 2] : i === 1 ? 'just text' : next();
    const draft = rnd() < 0.15;
    await db.query(`INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, stakeholder_id, status, language, answers, submitted_answers, started_at, submitted_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, CASE WHEN $5 = 'complete' THEN $7::jsonb END, $8, CASE WHEN $5 = 'complete' THEN $8::timestamptz + interval '3 minutes' END)`,
    [programmeId, w.id, v.id, rnd() < 0.3 ? null : stakeholders[i % stakeholders.length], draft ? 'draft' : 'complete', rnd() < 0.5 ? 'ar' : 'en',
      JSON.stringify(answers), new Date(Date.UTC(2024, 0, 2 + (i % 20), 8, i % 60, (i * 7) % 60, i % 1000))]);
  }
  return { programmeId, waveId: w.id as string };
}

/** Both exporters for every option combination; returns the Arabic-labelled COPY output. */
export async function assertSameBytes(programmeId: string, waveId: string, more: Partial<ResponseExportOptions> = {}): Promise<string> {
  const db = testEnv().ctx.db;
  const wave = await loadWave(db.manager, programmeId, waveId);
  const institutions = await institutionNames(db.manager, programmeId);
  let arabic = '';
  for (const headers of ['codes', 'en', 'ar'] as const) for (const values of ['codes', 'en', 'ar'] as const) for (const drafts of [false, true]) {
    const o: ResponseExportOptions = { programmeId, wave, headers, values, drafts, institutions, ...more };
    const js = new Sink(), sql = new Sink();
    const jsRows = await streamResponsesCsvJs(db, o, js);
    const sqlRows = await streamResponsesCsv(db, o, sql);
    const [a, b] = [js.text(), sql.text()];
    if (a !== b) {
      const la = a.split('\r\n'), lb = b.split('\r\n');
      const i = la.findIndex((l, k) => l !== lb[k]);
      const ca = la[i]?.split(','), cb = lb[i]?.split(',');
      const j = ca?.findIndex((c, k) => c !== cb?.[k]) ?? -1;
      assert.fail(`headers=${headers} values=${values} drafts=${drafts}: line ${i} differs at cell ${j}:\n JS:  ${JSON.stringify(ca?.slice(Math.max(0, j - 1), j + 3))}\n SQL: ${JSON.stringify(cb?.slice(Math.max(0, j - 1), j + 3))}`);
    }
    assert.equal(sqlRows, jsRows);
    if (headers === 'ar' && values === 'ar' && drafts) arabic = b;
  }
  return arabic;
}
