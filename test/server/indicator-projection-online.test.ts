// Online rebuilds of indicator projections (two connections, real PostgreSQL): writes made while a rebuild runs — a
// submit, a correction, an exclusion, a stakeholder change, a deletion — are not held by it and all end up in the new
// projection (values = the reference evaluator); the barrier waits for a writer that did not log; a failed build
// leaves the old projection current and nothing behind; a concurrent drop of the old projection and a dead builder's
// row are harmless; a read whose statement_timeout runs out while another session builds answers from the JSONB query;
// a wave deleted during its build leaves nothing of it. The build is paused between its steps by the service's test
// hook (no timing).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { DataSource } from 'typeorm';
import baseline from '../../surveys/demo/baseline.json';
import { testEnv } from '../setup';
import { openWave, waveWithIndicators } from './projection-fixture';
import { loginAs, uniq, type Session } from '../helpers';
import { createInvitation } from '../../server/services/tokens';
import { demoAnswers, DEMO_STAKEHOLDERS, prng } from '../../server/seed/demo';
import { ensureIndicatorProjection, projectedCells, projectedIndicators } from '../../server/services/indicator-projection';
import { computeIndicatorValues } from '../../server/services/indicator-values';
import { definitionIndex } from '../../server/services/logframe';
import { projectionBuildHooks, type BuildPhase } from '../../server/services/indicator-projection-build';
import { evaluateReference } from '../../indicators/evaluate';
import { compileIndicatorQuery } from '../../indicators/sql';
import { missingCodeTable, missingCodesFor } from '../../indicators/missing-codes';
import type { TFormula } from '../../indicators/formula';
import type { ProjectionSpec } from '../../indicators/projection';

const db = () => testEnv().ctx.db;
const table = missingCodeTable(baseline);
const likert = (name: string): TFormula => ({ kind: 'share', item: { kind: 'question', name }, condition: { op: '>=', value: 4 } });
const FORMULAS: Record<string, TFormula> = {
  A: likert('know_dialogues'),
  B: { kind: 'mean', item: { kind: 'question', name: 'consular_preparedness' } },
  D: { kind: 'share', item: { kind: 'attribute', attribute: 'institution' }, condition: { op: 'in', values: ['MFA'] } },
};
const ITEMS = ['know_terminology', 'legis_standards', 'legis_drafting', 'cso_cooperation', 'expatriate_engagement'];

interface Projection { id: string; spec_hash: string; table_name: string; function_name: string; spec: ProjectionSpec }

/** Pause the next build at `phase` until open() (the timer only breaks a deadlock, so that the order check reports it);
 * atPhase gives the build's new table once there. */
function pauseAt(phase: BuildPhase, events: string[]) {
  let reached!: (tableName: string | undefined) => void, open!: () => void;
  const atPhase = new Promise<string | undefined>((r) => { reached = r; });
  const gate = new Promise<void>((r) => { open = r; });
  projectionBuildHooks.onPhase = async (p, build) => {
    events.push(p);
    if (p !== phase) return;
    reached(build.tableName);
    await Promise.race([gate, new Promise((r) => setTimeout(r, 15000))]);
    events.push('resumed');
  };
  return { atPhase, open };
}

describe('indicator projections: online rebuild', () => {
  let officer: Session & { programmeId: string };
  let pid = '', waveId = '', nextItem = 0;
  const ids: Record<string, string> = {};
  const responses: Array<{ id: string; answers: Record<string, unknown>; stakeholderId: string }> = [];
  let seed = 100;

  async function submit(institution = 'MFA', wave = waveId) {
    const [s] = await db().query(`INSERT INTO stakeholders (programme_id, name_en, institution) VALUES ($1, $2, $3) RETURNING id`, [pid, uniq('P '), institution]);
    const inv = await db().transaction((em) => createInvitation(em, { waveId: wave, stakeholderId: s.id }));
    const answers = demoAnswers(DEMO_STAKEHOLDERS[seed % DEMO_STAKEHOLDERS.length], prng(seed++), true) as Record<string, unknown>;
    await request(testEnv().app.app).post('/api/respond/submit').set('Cookie', `marsad_resp=${inv.token}`)
      .send({ submissionId: crypto.randomUUID(), answers, language: 'en' }).expect(200);
    const [r] = await db().query(`SELECT id FROM responses WHERE invitation_id = $1`, [inv.invitationId]);
    return { id: r.id as string, answers, stakeholderId: s.id as string };
  }
  const projection = async (wave = waveId): Promise<Projection | undefined> => (await db().query(`SELECT * FROM indicator_projections WHERE wave_id = $1`, [wave]))[0];
  const count = async (sql: string, params: unknown[] = []) => (await db().query(sql, params))[0].n as number;
  const values = () => officer.get(`/api/programmes/${pid}/indicator-values?waves=${waveId}&disaggregate=institution`);
  /** a formula change that needs a rebuild (A reads another item) */
  const editFormula = async () => {
    await officer.patch(`/api/programmes/${pid}/indicators/${ids.A}`, { formula: likert(ITEMS[nextItem++ % ITEMS.length]) }).expect(200);
    return (await db().query(`SELECT formula FROM indicators WHERE id = $1`, [ids.A]))[0].formula as TFormula;
  };
  /** nothing of a build left: no build row, no log, no table or function outside the projection rows */
  async function nothingLeft() {
    assert.equal(await count(`SELECT count(*)::int AS n FROM indicator_projection_builds`), 0);
    assert.equal(await count(`SELECT count(*)::int AS n FROM indicator_projection_changes`), 0);
    assert.equal(await count(`SELECT count(*)::int AS n FROM pg_class WHERE relname ~ '^indicator_facts_[0-9a-f]{12}$' AND relkind = 'r'
      AND relname NOT IN (SELECT table_name FROM indicator_projections)`), 0);
    assert.equal(await count(`SELECT count(*)::int AS n FROM pg_proc WHERE proname ~ '^indicator_facts_[0-9a-f]{12}_put$'
      AND proname NOT IN (SELECT function_name FROM indicator_projections)`), 0);
  }

  /** the API's overall numerator, denominator and n of every indicator = the reference over the wave's rows; the facts = those rows */
  async function checkAgainstReference() {
    const out = (await values().expect(200)).body;
    const rows = await db().query(`SELECT r.id, r.answers, s.institution, s.sex FROM responses r JOIN stakeholders s ON s.id = r.stakeholder_id
      WHERE r.wave_id = $1 AND r.status = 'complete' AND r.excluded_at IS NULL ORDER BY r.id`, [waveId]);
    const people = rows.map((r: { answers: Record<string, unknown>; institution: string; sex: string }) => ({ answers: r.answers, attributes: { institution: r.institution, sex: r.sex } }));
    assert.equal(out.indicators.length, Object.keys(ids).length);
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
    return p;
  }
  const fact = async (p: Projection, code: string, responseId: string) => {
    const k = p.spec.indicators.find((i) => i.id === ids[code])!;
    const [row] = await db().query(`SELECT ${k.x}, s_institution FROM ${p.table_name} WHERE response_id = $1`, [responseId]);
    return row ? { value: row[k.x!] as number | null, institution: row.s_institution as string } : undefined;
  };

  before(async () => {
    officer = await loginAs('officer');
    pid = officer.programmeId;
    const w = await waveWithIndicators(officer, pid, FORMULAS);
    waveId = w.waveId;
    Object.assign(ids, w.ids);
    for (let i = 0; i < 12; i++) responses.push(await submit(i % 3 === 1 ? 'MOL' : 'MFA'));
  });
  afterEach(() => { projectionBuildHooks.onPhase = undefined; });

  it('takes a submit, a correction, an exclusion, a stakeholder change and a deletion made during the build into the new projection, without holding them', async () => {
    const old = await checkAgainstReference();
    const events: string[] = [];
    const pause = pauseAt('filled', events);
    const formula = await editFormula();
    const reading = values().then((r) => r);
    await pause.atPhase;

    // the build has filled its table (uncommitted) and waits: every write below comes after its snapshot
    const fresh = await submit('MOL');
    const [corrected, excluded, moved, deleted] = responses.slice(0, 4);
    const item = (formula as { item: { name: string } }).item.name;
    const was = corrected.answers[item];
    const now = typeof was === 'number' && was >= 4 ? 1 : 5;
    await officer.post(`/api/programmes/${pid}/responses/${corrected.id}/revisions`, { baseRevision: 0, answers: { ...corrected.answers, [item]: now }, reason: 'Phone call' }).expect(201);
    await officer.post(`/api/programmes/${pid}/responses/${excluded.id}/exclude`, { reason: 'test response' }).expect(200);
    await db().query(`UPDATE stakeholders SET institution = 'MOL' WHERE id = $1`, [moved.stakeholderId]);
    await db().query(`DELETE FROM responses WHERE id = $1`, [deleted.id]);
    assert.deepEqual(events, ['registered', 'filled'], 'the writes completed while the build was paused (not held until it went on)');
    events.push('writes done');
    // the old projection was kept current meanwhile, and the writes were logged for the build
    assert.ok(await fact(old, 'B', fresh.id));
    assert.equal(await fact(old, 'B', deleted.id), undefined);
    assert.ok(await count(`SELECT count(*)::int AS n FROM indicator_projection_changes`) >= 5);
    pause.open();

    assert.equal((await reading).status, 200);
    assert.deepEqual(events, ['registered', 'filled', 'writes done', 'resumed', 'locked']);
    const p = await checkAgainstReference();
    assert.notEqual(p.table_name, old.table_name);
    assert.equal((await fact(p, 'A', corrected.id))!.value, now >= 4 ? 1 : 0);
    assert.equal(await fact(p, 'A', excluded.id), undefined);
    assert.equal(await fact(p, 'A', deleted.id), undefined);
    assert.deepEqual(await fact(p, 'D', moved.id), { value: 0, institution: 'MOL' });
    assert.deepEqual(await fact(p, 'D', fresh.id), { value: 0, institution: 'MOL' });
    await nothingLeft();
    responses.splice(0, 4);
    responses.push(fresh);
  });

  it('waits at its barrier for a writer whose trigger ran before the build was registered (that write was not logged)', async () => {
    const old = await checkAgainstReference();
    const formula = await editFormula();
    const item = (formula as { item: { name: string } }).item.name;
    const target = responses[0];
    const [{ answers }] = await db().query(`SELECT answers FROM responses WHERE id = $1`, [target.id]);
    const now = typeof answers[item] === 'number' && answers[item] >= 4 ? 1 : 5;
    const writer = db().createQueryRunner();
    await writer.connect();
    try {
      await writer.startTransaction();
      await writer.query(`UPDATE responses SET answers = jsonb_set(answers, $2, $3::jsonb), revision = revision + 1 WHERE id = $1`, [target.id, `{${item}}`, String(now)]);
      const events: string[] = [];
      projectionBuildHooks.onPhase = async (p) => { events.push(p); };
      let settled = false;
      const building = ensureIndicatorProjection(db(), pid, waveId).finally(() => { settled = true; });
      // the builder waits for the writer at the barrier (and does not finish without it)
      for (;;) {
        assert.equal(settled, false, 'the build did not wait for the writer');
        const waiting = await count(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'
          AND query LIKE '%pg_advisory_xact_lock(8723%'`);
        if (waiting > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.deepEqual(events, ['registered']);
      assert.equal(await count(`SELECT count(*)::int AS n FROM indicator_projection_changes`), 0, 'the writer did not log');
      await writer.commitTransaction();
      assert.equal((await building)!.built, true);
      assert.deepEqual(events, ['registered', 'filled', 'locked']);
    } finally {
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      await writer.release();
    }
    const p = await checkAgainstReference();
    assert.notEqual(p.table_name, old.table_name);
    assert.equal((await fact(p, 'A', target.id))!.value, now >= 4 ? 1 : 0);
    await nothingLeft();
  });

  it('leaves the old projection current and nothing behind when the build fails', async () => {
    const old = await checkAgainstReference();
    await editFormula();
    const injected = new Error('injected');
    const events: string[] = [];
    const pause = pauseAt('filled', events);
    const failing = ensureIndicatorProjection(db(), pid, waveId);
    await pause.atPhase;
    const during = await submit('MFA'); // logged, then thrown away with the build
    projectionBuildHooks.onPhase = async (p) => { events.push(p); if (p === 'locked') throw injected; };
    pause.open();
    await assert.rejects(failing, (e) => e === injected);
    assert.deepEqual(events, ['registered', 'filled', 'resumed', 'locked']);
    assert.deepEqual(await projection(), old);
    await nothingLeft();
    // the old projection is still kept by the triggers (and no build logs any more)
    const after = await submit('MOL');
    assert.ok(await fact(old, 'B', during.id));
    assert.ok(await fact(old, 'B', after.id));
    assert.equal(await count(`SELECT count(*)::int AS n FROM indicator_projection_changes`), 0);
    responses.push(during, after);
    projectionBuildHooks.onPhase = undefined;
    const p = await checkAgainstReference();
    assert.notEqual(p.table_name, old.table_name);
    await nothingLeft();
  });

  it('completes when the old projection is dropped during the build (a bulk load), with the writes of that time', async () => {
    const old = await checkAgainstReference();
    await editFormula();
    const events: string[] = [];
    const pause = pauseAt('filled', events);
    const reading = values().then((r) => r);
    await pause.atPhase;
    await db().query(`DELETE FROM indicator_projections WHERE wave_id = $1`, [waveId]);
    responses.push(await submit('MFA'));
    pause.open();
    assert.equal((await reading).status, 200);
    const p = await checkAgainstReference();
    assert.notEqual(p.id, old.id);
    assert.ok(await fact(p, 'B', responses[responses.length - 1].id));
    await nothingLeft();
  });

  it('removes a dead builder\'s row (writers stop logging) on the next read', async () => {
    const p = await checkAgainstReference();
    await db().query(`INSERT INTO indicator_projection_builds (programme_id, wave_id, spec_hash, backend_pid) VALUES ($1, $2, 'x', 0)`, [pid, waveId]);
    responses.push(await submit('MFA'));
    assert.equal(await count(`SELECT count(*)::int AS n FROM indicator_projection_changes`), 1);
    assert.deepEqual(await ensureIndicatorProjection(db(), pid, waveId, p.spec_hash), { hash: p.spec_hash, built: false });
    await nothingLeft();
    assert.equal((await projection())!.id, p.id);
  });

  it('answers a read whose statement_timeout runs out while another session builds from the JSONB query, and from the projection once built', async () => {
    await checkAgainstReference();
    await editFormula();
    const events: string[] = [];
    const pause = pauseAt('filled', events);
    // the other session's build (its own connection holds the wave's builder lock), paused with its table filled
    const building = ensureIndicatorProjection(db(), pid, waveId);
    await pause.atPhase;
    // a pool whose statement_timeout is short: the read's wait for the builder lock runs out
    const TIMEOUT = 400;
    const short = new DataSource({ type: 'postgres', url: testEnv().databaseUrl, extra: { max: 2, statement_timeout: TIMEOUT } });
    await short.initialize();
    try {
      const q = { waveIds: [waveId], disaggregate: ['institution'], lang: 'en' as const };
      // the JSONB query (no projections) and its time
      let t = performance.now();
      const jsonb = await computeIndicatorValues(short.manager, pid, q);
      const jsonbMs = performance.now() - t;
      t = performance.now();
      const read = await computeIndicatorValues(short.manager, pid, q, { projections: short });
      const readMs = performance.now() - t;
      assert.deepEqual(read, jsonb);
      assert.ok(readMs >= TIMEOUT, `the read waited for the build (${readMs.toFixed(0)} ms)`);
      assert.ok(readMs < TIMEOUT + jsonbMs + 250, `the read took ${readMs.toFixed(0)} ms: the timeout ${TIMEOUT} ms + the JSONB query ${jsonbMs.toFixed(0)} ms`);
      assert.deepEqual(events, ['registered', 'filled'], 'the build is still paused');
      assert.equal(await count(`SELECT count(*)::int AS n FROM indicator_projection_builds WHERE wave_id = $1`, [waveId]), 1, 'the read left the build alone');

      pause.open();
      assert.equal((await building)!.built, true);
      // the projection is used again: projectedCells answers (null would send the caller to the JSONB query) the JSONB
      // query's cells, at once, and the values read equals the JSONB one
      const wave = { id: waveId, qi: definitionIndex(baseline), mt: table };
      const all = await projectedIndicators(short.manager, pid);
      const dimensions = [{ kind: 'attribute' as const, attribute: 'institution' }];
      t = performance.now();
      const cells = await projectedCells(short.manager, short, pid, wave, all, { indicators: all.map((i) => i.id), dimensions, cross: false });
      assert.ok(performance.now() - t < TIMEOUT, 'no wait');
      assert.ok(cells, 'read from the projection');
      const c = compileIndicatorQuery({ indicators: all, dimensions, cross: false, missingCodes: (item) => missingCodesFor(table, item), skipExcluded: true }, waveId);
      assert.deepEqual(cells, c.decode(await short.query(c.sql, c.params)));
      assert.deepEqual(await computeIndicatorValues(short.manager, pid, q, { projections: short }), jsonb);
    } finally {
      await short.destroy();
    }
    await nothingLeft();
  });

  it('abandons a build whose wave is deleted meanwhile: nothing of it left, the other wave\'s projection untouched', async () => {
    await checkAgainstReference();
    const doomed = await openWave(officer, pid, 'monitoring');
    for (const inst of ['MFA', 'MOL']) await submit(inst, doomed);
    assert.equal((await ensureIndicatorProjection(db(), pid, doomed))!.built, true);
    const gone = (await projection(doomed))!;
    const other = (await projection())!;
    const otherFacts = async () => db().query(`SELECT *, xmin::text AS v FROM ${other.table_name} ORDER BY response_id`);
    const otherWas = await otherFacts();

    await editFormula();
    const events: string[] = [];
    const pause = pauseAt('filled', events);
    const building = ensureIndicatorProjection(db(), pid, doomed);
    const newTable = (await pause.atPhase)!;
    assert.ok(newTable);
    // no route deletes a wave, and responses.wave_id is ON DELETE RESTRICT: in SQL, its responses first (as the bench
    // does); the wave's projection and build rows go with it (cascade)
    await db().transaction(async (em) => {
      await em.query(`DELETE FROM responses WHERE wave_id = $1`, [doomed]);
      await em.query(`DELETE FROM waves WHERE id = $1`, [doomed]);
    });
    assert.deepEqual(events, ['registered', 'filled'], 'the deletion was not held by the build');
    pause.open();
    // the build's INSERT of the projection row fails on its foreign key, all of it is rolled back: the read is told
    // "no wave" (null), as when the wave is gone before the build
    assert.equal(await building, null);
    assert.deepEqual(events, ['registered', 'filled', 'resumed', 'locked']);

    assert.equal(await projection(doomed), undefined);
    assert.equal(await count(`SELECT count(*)::int AS n FROM indicator_projection_builds WHERE wave_id = $1`, [doomed]), 0);
    for (const name of [newTable, gone.table_name]) assert.equal(await count(`SELECT count(*)::int AS n FROM pg_class WHERE relname = $1`, [name]), 0, name);
    for (const name of [`${newTable}_put`, gone.function_name]) assert.equal(await count(`SELECT count(*)::int AS n FROM pg_proc WHERE proname = $1`, [name]), 0, name);
    await nothingLeft();
    // the other wave's projection: the same row, the same rows (not rewritten), still kept by the triggers
    assert.deepEqual(await projection(), other);
    assert.deepEqual(await otherFacts(), otherWas);
    const fresh = await submit('MOL');
    assert.ok(await fact(other, 'B', fresh.id));
    responses.push(fresh);
    await checkAgainstReference();
    await nothingLeft();
  });
});
