// The responses CSV's cache of pre-rendered answer cells (response_csv_cells): the COPY export stays byte-identical to
// the JS exporter with the cache cold, warm and mixed (corrections, exclusion, roster changes, drafts, a second
// questionnaire version), a cached row is served only with its revision and hash, the fill renders what is missing
// (also after an export through the route), and the database refuses answer changes of a complete response that would
// leave a cached row looking current.
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { testEnv } from '../setup';
import { loginAs } from '../helpers';
import type { TDefinition } from '../../surveys/definition';
import { loadWave, streamResponsesCsv } from '../../server/exports/responses-csv';
import { cellsHash, fillCsvCache, fillStatements, type CsvMode } from '../../server/exports/csv-cache';
import { assertSameBytes, programmeWithWave, Sink } from './csv-helpers';
import { EDGE_DEFINITION } from './csv-edge-definition';
import { DEFINITION, makeFixture } from './fixtures';

const MODES: CsvMode[] = ['codes', 'en', 'ar'];
const db = () => testEnv().ctx.db;

async function fillAll(programmeId: string, waveId: string, batch?: number): Promise<number> {
  const wave = await loadWave(db().manager, programmeId, waveId);
  let rows = 0;
  for (const values of MODES) rows += (await fillCsvCache(db(), { programmeId, waveId, definition: wave.definition, values }, { batch })).rows;
  return rows;
}

async function exportText(programmeId: string, waveId: string, values: CsvMode, more: { drafts?: boolean; cache?: boolean } = {}): Promise<string> {
  const sink = new Sink();
  await streamResponsesCsv(db(), { programmeId, wave: await loadWave(db().manager, programmeId, waveId), headers: 'codes', values, drafts: more.drafts ?? false, cache: more.cache }, sink);
  return sink.text();
}

const cached = async (waveId: string): Promise<number> =>
  (await db().query(`SELECT count(*)::int AS n FROM response_csv_cells c JOIN responses r ON r.id = c.response_id WHERE r.wave_id = $1`, [waveId]))[0].n;
const completes = async (waveId: string): Promise<number> =>
  (await db().query(`SELECT count(*)::int AS n FROM responses WHERE wave_id = $1 AND status = 'complete'`, [waveId]))[0].n;

describe('exports: the responses CSV cell cache', function () {
  this.timeout(120000);

  it('cold, filled (in batches) and warm: the same bytes as the JS exporter; drafts are never cached; a second fill renders nothing', async () => {
    const { programmeId, waveId } = await programmeWithWave(EDGE_DEFINITION as TDefinition, 160, 21);
    assert.equal(await cached(waveId), 0);
    await assertSameBytes(programmeId, waveId);
    const n = await completes(waveId);
    assert.ok(n > 100 && n < 160, 'some drafts among the responses');
    assert.equal(await fillAll(programmeId, waveId, 7), 3 * n, 'every complete response, every mode');
    assert.equal(await cached(waveId), 3 * n);
    assert.equal((await db().query(`SELECT count(*)::int AS n FROM response_csv_cells c JOIN responses r ON r.id = c.response_id
      WHERE r.wave_id = $1 AND r.status <> 'complete'`, [waveId]))[0].n, 0, 'no draft cached');
    assert.equal(await fillAll(programmeId, waveId), 0, 'nothing left to render');
    await assertSameBytes(programmeId, waveId);
  });

  it('serves a cached row only with the same revision and hash (a planted text shows where it is served)', async () => {
    const f = await makeFixture();
    await fillAll(f.programmeId, f.waveId);
    const id = f.responseIds[1];
    const reference = await exportText(f.programmeId, f.waveId, 'ar', { cache: false });
    assert.equal(await exportText(f.programmeId, f.waveId, 'ar'), reference, 'warm = computed');
    const hash = await cellsHash((sql, p) => db().query(sql, p), DEFINITION as TDefinition, 'ar');
    const plant = (set: string) => db().query(`UPDATE response_csv_cells SET cells = ',"PLANTED"', ${set} WHERE response_id = $1 AND mode = 'ar'`, [id]);
    const lineOf = (text: string) => text.split('\r\n').find((l) => l.startsWith(`"${id}"`));
    await plant('hash = hash');
    const served = await exportText(f.programmeId, f.waveId, 'ar');
    assert.ok(lineOf(served)?.endsWith(',"PLANTED"'), 'a matching row is served');
    assert.equal(served.split('PLANTED').length, 2, 'in its line only');
    assert.equal(await exportText(f.programmeId, f.waveId, 'codes'), await exportText(f.programmeId, f.waveId, 'codes', { cache: false }), 'another mode: its own rows');
    await plant(`hash = gen_random_uuid()`);
    assert.equal(await exportText(f.programmeId, f.waveId, 'ar'), reference, 'a row of another hash is not served');
    await plant(`hash = '${hash}', revision = revision + 1`);
    assert.equal(await exportText(f.programmeId, f.waveId, 'ar'), reference, 'a row of another revision is not served');
    await plant(`hash = '${hash}', revision = -1`);
    assert.equal(await exportText(f.programmeId, f.waveId, 'ar'), reference, 'nor of an older one');
    assert.equal(await fillAll(f.programmeId, f.waveId), 1, 'the fill replaces the stale row');
    assert.equal(await exportText(f.programmeId, f.waveId, 'ar'), reference);
  });

  it('mixed: after a correction, an exclusion and its restore, a roster change and with drafts, the bytes stay the JS exporter\'s', async () => {
    const { programmeId, waveId } = await programmeWithWave(EDGE_DEFINITION as TDefinition, 80, 33);
    await fillAll(programmeId, waveId);
    const ids: string[] = (await db().query(`SELECT id FROM responses WHERE wave_id = $1 AND status = 'complete' ORDER BY id LIMIT 3`, [waveId])).map((r: { id: string }) => r.id);
    // a correction (as services/revisions.ts writes it): the cached row of the old revision must not be served
    await db().query(`UPDATE responses SET answers = answers || '{"q_text": "=corrected", "extra": 1}'::jsonb, revision = revision + 1 WHERE id = $1`, [ids[0]]);
    await db().query(`UPDATE responses SET answers = '{}'::jsonb, revision = revision + 1 WHERE id = $1`, [ids[1]]);
    await assertSameBytes(programmeId, waveId);
    await db().query(`UPDATE responses SET excluded_at = now(), excluded_reason = 'test' WHERE id = $1`, [ids[2]]);
    await assertSameBytes(programmeId, waveId, { skipExcluded: true });
    await db().query(`UPDATE responses SET excluded_at = NULL, excluded_reason = NULL WHERE id = $1`, [ids[2]]);
    await db().query(`UPDATE stakeholders SET institution = 'MFA', sex = 'female' WHERE programme_id = $1`, [programmeId]);
    await assertSameBytes(programmeId, waveId, { skipExcluded: true });
    assert.equal(await fillAll(programmeId, waveId), 6, 'only the two corrected responses, in three modes');
    await assertSameBytes(programmeId, waveId);
  });

  it('a second questionnaire version in the same programme: its own hash, its own lines', async () => {
    const f = await makeFixture();
    const [v1] = await db().query(`SELECT questionnaire_version_id AS v, q.questionnaire_id AS q FROM waves w JOIN questionnaire_versions q ON q.id = w.questionnaire_version_id WHERE w.id = $1`, [f.waveId]);
    const def2 = structuredClone(DEFINITION) as unknown as { pages: Array<{ elements: Array<{ name: string; choices?: Array<{ text: { default: string; ar: string } }> }> }> };
    def2.pages[0].elements[0].choices![0].text = { default: 'Woman', ar: 'امرأة' };
    const [v2] = await db().query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 2, $2) RETURNING id`, [v1.q, JSON.stringify(def2)]);
    const [w2] = await db().query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, name_ar, opens_at, closes_at)
      VALUES ($1, $2, 'midline', 'Midline', 'منتصف', '2024-04-01', '2024-05-01') RETURNING id`, [f.programmeId, v2.id]);
    await db().query(`INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, status, language, answers, submitted_answers, started_at, submitted_at)
      SELECT programme_id, $2, $3, status, language, answers, submitted_answers, started_at, submitted_at FROM responses WHERE wave_id = $1`, [f.waveId, w2.id, v2.id]);
    const q = (s: string, p: unknown[]) => db().query(s, p);
    assert.notEqual(await cellsHash(q, DEFINITION as TDefinition, 'en'), await cellsHash(q, def2 as unknown as TDefinition, 'en'), 'a label changed: another hash');
    assert.equal(await cellsHash(q, DEFINITION as TDefinition, 'codes'), await cellsHash(q, structuredClone(DEFINITION) as TDefinition, 'codes'));
    await fillAll(f.programmeId, f.waveId);
    await fillAll(f.programmeId, w2.id);
    await assertSameBytes(f.programmeId, f.waveId);
    const text = await assertSameBytes(f.programmeId, w2.id);
    assert.ok(text.includes('امرأة'));
    // a cached text of version 1 planted on a version-2 response under version 1's hash is not served in wave 2
    const hash1 = await cellsHash(q, DEFINITION as TDefinition, 'ar');
    await db().query(`UPDATE response_csv_cells c SET hash = $2, cells = ',"PLANTED"' FROM responses r WHERE r.id = c.response_id AND r.wave_id = $1 AND c.mode = 'ar'`, [w2.id, hash1]);
    assert.ok(!(await exportText(f.programmeId, w2.id, 'ar')).includes('PLANTED'));
  });

  it('an export through the route fills that wave and mode after the file; the next file is the same', async () => {
    const f = await makeFixture(50);
    const viewer = await loginAs('viewer', f.programmeId);
    const get = async () => {
      const res = await viewer.get(`/api/programmes/${f.programmeId}/exports/responses.csv?waveId=${f.waveId}&values=ar`)
        .buffer(true).parse((r, cb) => { const c: Buffer[] = []; r.on('data', (d: Buffer) => c.push(d)); r.on('end', () => cb(null, Buffer.concat(c))); });
      assert.equal(res.status, 200);
      return (res.body as Buffer).toString('utf8');
    };
    const cold = await get();
    let n = 0;
    for (let i = 0; i < 100 && n < 53; i++) {
      n = (await db().query(`SELECT count(*)::int AS n FROM response_csv_cells c JOIN responses r ON r.id = c.response_id WHERE r.wave_id = $1 AND c.mode = 'ar'`, [f.waveId]))[0].n;
      if (n < 53) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(n, 53, 'the 53 complete responses rendered in the exported mode');
    assert.equal(await cached(f.waveId), 53, 'no other mode');
    assert.equal(await get(), cold);
    assert.equal(parse(cold.slice(1)).length, 54);
  });

  it('a batch reads the cache only by key (response, mode), whatever the planner estimates: no scan of the other modes\' rows per response', async () => {
    const { programmeId, waveId } = await programmeWithWave(EDGE_DEFINITION as TDefinition, 60, 45);
    const wave = await loadWave(db().manager, programmeId, waveId);
    const o = { programmeId, waveId, definition: wave.definition, values: 'ar' as const };
    await fillCsvCache(db(), o);
    const sql = fillStatements({ ...o, values: 'codes' }, await cellsHash((q, p) => db().query(q, p), wave.definition, 'codes'));
    interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Index Cond'?: string; Plans?: PlanNode[] }
    const reads = (n: PlanNode): PlanNode[] => [...(n['Relation Name'] === 'response_csv_cells' && n['Node Type'] !== 'ModifyTable' ? [n] : []), ...(n.Plans ?? []).flatMap(reads)];
    await db().query('ANALYZE responses, response_csv_cells');
    const ids = (await db().query(`SELECT id FROM responses WHERE wave_id = $1 AND status = 'complete' ORDER BY id`, [waveId])).map((r: { id: string }) => r.id);
    // the whole wave, and a short range (estimated at one row, as a batch's range at 1M); as the planner likes, and
    // without hash or merge joins
    for (const [from, to, off] of [[ids[0], null, []], [ids[10], ids[30], []], [ids[10], ids[30], ['enable_hashjoin', 'enable_mergejoin', 'enable_material', 'enable_bitmapscan']]] as Array<[string, string | null, string[]]>) {
      const plan = await db().transaction(async (em) => {
        for (const k of off) await em.query(`SELECT set_config($1, 'off', true)`, [k]);
        return (await em.query(`EXPLAIN (FORMAT JSON) ${sql.batch}`, [from, to]))[0]['QUERY PLAN'][0].Plan as PlanNode;
      });
      const cache = reads(plan);
      assert.ok(cache.length >= 1, 'the batch reads the cache');
      for (const n of cache) {
        assert.match(n['Node Type'], /^Index (Only )?Scan$/, `${off.join(',')}: ${n['Node Type']}`);
        assert.match(n['Index Cond'] ?? '', /response_id = r\.id/, `${off.join(',')}: probed by the response's id`);
      }
    }
    assert.equal((await fillCsvCache(db(), { ...o, values: 'codes' })).rows, await completes(waveId));
  });

  it('the database refuses a complete response\'s answer change without a new revision, and a lower revision', async () => {
    const f = await makeFixture();
    const id = f.responseIds[0];
    await assert.rejects(db().query(`UPDATE responses SET answers = '{"sex": "male"}' WHERE id = $1`, [id]), /only with a new revision/);
    await db().query(`UPDATE responses SET answers = '{"sex": "male"}', revision = revision + 1 WHERE id = $1`, [id]);
    await assert.rejects(db().query(`UPDATE responses SET revision = 0 WHERE id = $1`, [id]), /only with a new revision/);
    await db().query(`UPDATE responses SET excluded_at = now(), excluded_reason = 'x' WHERE id = $1`, [id]);
    const [draft] = await db().query(`SELECT id FROM responses WHERE wave_id = $1 AND status = 'draft'`, [f.waveId]);
    await db().query(`UPDATE responses SET answers = '{"sex": "female"}' WHERE id = $1`, [draft.id]);
    assert.equal(await fillAll(f.programmeId, f.waveId), 9, 'three complete responses (the corrected one too), three modes; no draft');
    await db().query(`DELETE FROM responses WHERE id = $1`, [f.responseIds[2]]);
    assert.equal((await db().query(`SELECT count(*)::int AS n FROM response_csv_cells WHERE response_id = $1`, [f.responseIds[2]]))[0].n, 0, 'cascaded');
  });
});
