// Indicator projections: built on the first read of the values, kept exact by the triggers through a submit, a
// correction, an exclusion, a restore, a stakeholder change and a deletion (values = reference evaluator, facts rows
// = the wave's complete, not excluded responses); rebuilt when a formula reads a new item; untouched by drafts and
// autosaves; two concurrent first builds build once.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import request from 'supertest';
import baseline from '../../surveys/demo/baseline.json';
import { testEnv } from '../setup';
import { waveWithIndicators } from './projection-fixture';
import { loginAs, uniq, type Session } from '../helpers';
import { createInvitation } from '../../server/services/tokens';
import { demoAnswers, DEMO_STAKEHOLDERS, prng } from '../../server/seed/demo';
import { ensureIndicatorProjection, projectedCells, projectedIndicators } from '../../server/services/indicator-projection';
import { definitionIndex } from '../../server/services/logframe';
import { evaluateReference } from '../../indicators/evaluate';
import { missingCodeTable, missingCodesFor } from '../../indicators/missing-codes';
import type { TFormula } from '../../indicators/formula';
import type { ProjectionSpec } from '../../indicators/projection';

const db = () => testEnv().ctx.db;
const table = missingCodeTable(baseline);
const FORMULAS: Record<string, TFormula> = {
  A: { kind: 'share', item: { kind: 'question', name: 'know_dialogues' }, condition: { op: '>=', value: 4 } },
  B: { kind: 'mean', item: { kind: 'question', name: 'consular_preparedness' } },
  C: { kind: 'ratio', numerator: { kind: 'count', item: { kind: 'question', name: 'strategy_aware' }, condition: { op: 'in', values: ['yes'] } },
    denominator: { kind: 'count', item: { kind: 'question', name: 'consular_plan' }, condition: { op: 'in', values: ['yes'] } } },
  D: { kind: 'share', item: { kind: 'attribute', attribute: 'institution' }, condition: { op: 'in', values: ['MFA'] } },
};

interface Projection { id: string; spec_hash: string; table_name: string; function_name: string; spec: ProjectionSpec; row_count: number }

describe('indicator projections', () => {
  let officer: Session & { programmeId: string };
  let pid = '', waveId = '';
  const ids: Record<string, string> = {};
  let seed = 10;

  async function submit(institution = 'MFA', opts: { draftOnly?: boolean } = {}) {
    const [s] = await db().query(`INSERT INTO stakeholders (programme_id, name_en, institution) VALUES ($1, $2, $3) RETURNING id`, [pid, uniq('P '), institution]);
    const inv = await db().transaction((em) => createInvitation(em, { waveId, stakeholderId: s.id }));
    const answers = demoAnswers(DEMO_STAKEHOLDERS[seed % DEMO_STAKEHOLDERS.length], prng(seed++), true) as Record<string, unknown>;
    const cookie = `marsad_resp=${inv.token}`;
    if (opts.draftOnly) {
      await request(testEnv().app.app).put('/api/respond/draft').set('Cookie', cookie).send({ seq: 1, currentPage: 0, language: 'en', answers: { institution } }).expect(200);
      await request(testEnv().app.app).put('/api/respond/draft').set('Cookie', cookie).send({ seq: 2, currentPage: 1, language: 'en', answers: { institution, know_dialogues: 5 } }).expect(200);
    } else {
      await request(testEnv().app.app).post('/api/respond/submit').set('Cookie', cookie).send({ submissionId: crypto.randomUUID(), answers, language: 'en' }).expect(200);
    }
    const [r] = await db().query(`SELECT id FROM responses WHERE invitation_id = $1`, [inv.invitationId]);
    return { id: r.id as string, answers, stakeholderId: s.id as string };
  }
  const projection = async (): Promise<Projection | undefined> => (await db().query(`SELECT * FROM indicator_projections WHERE wave_id = $1`, [waveId]))[0];
  const exists = async (name: string) => (await db().query(`SELECT to_regclass($1) IS NOT NULL AS x`, [name]))[0].x as boolean;

  /** the API's overall numerator, denominator and n of every indicator = the reference over the wave's rows; the facts = those rows */
  async function checkAgainstReference() {
    const out = (await officer.get(`/api/programmes/${pid}/indicator-values?waves=${waveId}&disaggregate=institution`).expect(200)).body;
    const rows = await db().query(`SELECT r.id, r.answers, s.institution, s.sex FROM responses r JOIN stakeholders s ON s.id = r.stakeholder_id
      WHERE r.wave_id = $1 AND r.status = 'complete' AND r.excluded_at IS NULL ORDER BY r.id`, [waveId]);
    const people = rows.map((r: { answers: Record<string, unknown>; institution: string; sex: string }) => ({ answers: r.answers, attributes: { institution: r.institution, sex: r.sex } }));
    for (const ind of out.indicators) {
      const ref = evaluateReference(ind.formula, people, { missingCodes: (item) => missingCodesFor(table, item) });
      const o = ind.values[0].overall;
      assert.deepEqual([o.numerator, o.denominator, o.n], [ref.numerator, ref.denominator, ref.n], ind.code);
      const byInst = ind.values[0].disaggregations[0].cells;
      assert.equal(byInst.reduce((s: number, c: { n: number }) => s + c.n, 0), ref.n, ind.code);
    }
    const p = (await projection())!;
    const facts = await db().query(`SELECT response_id FROM ${p.table_name} ORDER BY response_id`);
    assert.deepEqual(facts.map((f: { response_id: string }) => f.response_id), rows.map((r: { id: string }) => r.id));
    return { out, p, people };
  }
  const factOf = async (p: Projection, code: string, responseId: string) => {
    const k = p.spec.indicators.find((i) => i.id === ids[code])!;
    const [row] = await db().query(`SELECT ${k.x ?? `${k.a}, ${k.b}`} FROM ${p.table_name} WHERE response_id = $1`, [responseId]);
    return row as Record<string, number | null> | undefined;
  };

  before(async () => {
    officer = await loginAs('officer');
    pid = officer.programmeId;
    const w = await waveWithIndicators(officer, pid, FORMULAS);
    waveId = w.waveId;
    Object.assign(ids, w.ids);
    for (const inst of ['MFA', 'MOL', 'MFA']) await submit(inst);
  });

  it('is built on the first read with the wave\'s complete responses; the values equal the reference', async () => {
    assert.equal(await projection(), undefined);
    const { p, out } = await checkAgainstReference();
    assert.equal(p.row_count, 3);
    assert.ok(await exists(p.table_name));
    assert.deepEqual(p.spec.indicators.map((k) => k.id).sort(), Object.values(ids).sort());
    assert.ok(p.spec.usesAttributes);
    // text columns for the disaggregable questions only (a checkbox is not one)
    assert.ok(['sex', 'institution', 'consular_plan', 'consular_preparedness'].every((q) => q in p.spec.questions));
    assert.equal('dialogues_attended' in p.spec.questions, false);
    assert.equal(out.indicators.find((i: { code: string }) => i.code === 'D').values[0].overall.value, 200 / 3);
    // a second read uses it as it is
    await checkAgainstReference();
    assert.equal((await projection())!.id, p.id);
  });

  it('follows a submit, a correction, an exclusion and a restore in the same transaction', async () => {
    const before = (await projection())!;
    const r = await submit('MOL');
    assert.deepEqual((await db().query(`SELECT count(*)::int AS n FROM ${before.table_name}`))[0].n, 4);
    await checkAgainstReference();

    const url = `/api/programmes/${pid}/responses/${r.id}`;
    const valid = (r.answers.know_dialogues === 'dk' ? 1 : r.answers.know_dialogues) as number;
    const fixed = { ...r.answers, know_dialogues: valid >= 4 ? 1 : 5 };
    await officer.post(`${url}/revisions`, { baseRevision: 0, answers: fixed, reason: 'Phone call' }).expect(201);
    assert.deepEqual(await factOf(before, 'A', r.id), { [before.spec.indicators.find((i) => i.id === ids.A)!.x!]: valid >= 4 ? 0 : 1 });
    await checkAgainstReference();

    await officer.post(`${url}/exclude`, { reason: 'test response' }).expect(200);
    assert.equal(await factOf(before, 'A', r.id), undefined);
    await checkAgainstReference();

    await officer.post(`${url}/restore`, {}).expect(200);
    assert.ok(await factOf(before, 'A', r.id));
    const { p } = await checkAgainstReference();
    assert.equal(p.id, before.id, 'no rebuild: the triggers kept it');
  });

  it('follows a stakeholder attribute a formula reads, and a deleted response', async () => {
    const p = (await projection())!;
    const r = await submit('MFA');
    const col = p.spec.indicators.find((i) => i.id === ids.D)!.x!;
    assert.deepEqual(await factOf(p, 'D', r.id), { [col]: 1 });
    await db().query(`UPDATE stakeholders SET institution = 'MOL' WHERE id = $1`, [r.stakeholderId]);
    assert.deepEqual(await factOf(p, 'D', r.id), { [col]: 0 });
    // the roster column the institution cells are read from (no join at query time)
    assert.deepEqual(await db().query(`SELECT s_institution FROM ${p.table_name} WHERE response_id = $1`, [r.id]), [{ s_institution: 'MOL' }]);
    await checkAgainstReference();
    await db().query(`DELETE FROM responses WHERE id = $1`, [r.id]);
    assert.equal(await factOf(p, 'D', r.id), undefined);
    await checkAgainstReference();
    assert.equal((await projection())!.id, p.id);
  });

  it('is not touched by drafts and autosaves', async () => {
    const p = (await projection())!;
    const facts = async () => db().query(`SELECT *, xmin::text AS v FROM ${p.table_name} ORDER BY response_id`);
    const was = await facts();
    const d = await submit('MFA', { draftOnly: true });
    assert.deepEqual(await facts(), was);
    assert.equal((await db().query(`SELECT status FROM responses WHERE id = $1`, [d.id]))[0].status, 'draft');
  });

  it('is rebuilt when a formula starts reading a new item: new hash, new table, the old one dropped', async () => {
    const old = (await projection())!;
    const formula: TFormula = { kind: 'share', item: { kind: 'question', name: 'know_terminology' }, condition: { op: '>=', value: 4 } };
    await officer.patch(`/api/programmes/${pid}/indicators/${ids.A}`, { formula }).expect(200);
    const { p } = await checkAgainstReference();
    assert.notEqual(p.spec_hash, old.spec_hash);
    assert.notEqual(p.table_name, old.table_name);
    assert.equal(await exists(old.table_name), false);
    assert.equal((await db().query(`SELECT count(*)::int AS n FROM pg_proc WHERE proname = $1`, [old.function_name]))[0].n, 0);
    assert.equal((await db().query(`SELECT count(*)::int AS n FROM indicator_projections WHERE wave_id = $1`, [waveId]))[0].n, 1);
    // a deleted indicator changes the spec too
    await officer.delete(`/api/programmes/${pid}/indicators/${ids.C}`).expect(204);
    const after = (await checkAgainstReference()).p;
    assert.notEqual(after.spec_hash, p.spec_hash);
    assert.equal(after.spec.indicators.some((k) => k.id === ids.C), false);
  });

  it('builds once when two first reads race', async () => {
    await db().query(`DELETE FROM indicator_projections WHERE wave_id = $1`, [waveId]);
    const both = await Promise.all([ensureIndicatorProjection(db(), pid, waveId), ensureIndicatorProjection(db(), pid, waveId)]);
    assert.deepEqual(both.map((b) => b!.built).sort(), [false, true]);
    assert.equal(both[0]!.hash, both[1]!.hash);
    await db().query(`DELETE FROM indicator_projections WHERE wave_id = $1`, [waveId]);
    await Promise.all([checkAgainstReference(), checkAgainstReference()]);
    const tables = await db().query(`SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'indicator\\_facts\\_%' AND relkind = 'r'
      AND relname NOT IN (SELECT table_name FROM indicator_projections)`);
    assert.equal(tables[0].n, 0, 'no table left behind');
  });

  it('is not used where the reading connection does not see it yet (a lagging replica): the caller falls back', async () => {
    await db().query(`DELETE FROM indicator_projections WHERE wave_id = $1`, [waveId]);
    const wave = { id: waveId, qi: definitionIndex(baseline), mt: table };
    const all = await projectedIndicators(db().manager, pid);
    const q = { indicators: all.map((i) => i.id), dimensions: [], cross: false };
    const reader = db().createQueryRunner();
    try {
      // a snapshot taken before the build, as a replica that has not replayed it
      await reader.startTransaction('REPEATABLE READ');
      await reader.query('SELECT 1');
      assert.equal(await projectedCells(reader.manager, db(), pid, wave, all, q), null);
      await reader.commitTransaction();
    } finally {
      await reader.release();
    }
    assert.ok(await projection(), 'the primary has it');
    const cells = await projectedCells(db().manager, db(), pid, wave, all, q);
    assert.equal(cells!.length, 1);
    const { people } = await checkAgainstReference();
    assert.equal(cells![0].respondents, people.length);
  });
});
