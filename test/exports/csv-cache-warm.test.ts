// The CSV cell cache kept warm by the minute tick: an export through the API records its (wave, mode); the refresh
// renders the responses submitted since, in that mode only, and the next export is byte-identical to the uncached one;
// a refresh with nothing new writes nothing and reads responses by the (wave, status, submitted_at) index; the pg-boss
// tick runs it; deleting the wave removes its modes.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import request from 'supertest';
import { testEnv } from '../setup';
import { loginAs, uniq, type Session } from '../helpers';
import { waveWithIndicators } from '../server/projection-fixture';
import { binary } from './fixtures';
import { Sink } from './csv-helpers';
import { createInvitation } from '../../server/services/tokens';
import { demoAnswers, DEMO_STAKEHOLDERS, prng } from '../../server/seed/demo';
import { hasExcludedColumn, loadWave, streamResponsesCsv, streamResponsesCsvJs, type ResponseExportOptions } from '../../server/exports/responses-csv';
import { institutionNames } from '../../server/exports/report-data';
import { cellsHash, fillStatements } from '../../server/exports/csv-cache';
import { RECENT_PAIRS, refreshCsvCache } from '../../server/exports/csv-cache-warm';
import { QUEUE_TICK, startJobs, stopJobs } from '../../server/services/jobs';

const db = () => testEnv().ctx.db;
const log = (level: 'error' | 'info', msg: string) => { if (level === 'error') throw new Error(msg); };

interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Index Cond'?: string; Plans?: PlanNode[] }
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describe('exports: the CSV cell cache kept warm by the minute tick', function () {
  this.timeout(60000);
  let officer: Session & { programmeId: string };
  let pid = '', waveId = '';
  let seed = 200;

  async function submit(): Promise<string> {
    const [s] = await db().query(`INSERT INTO stakeholders (programme_id, name_en, institution) VALUES ($1, $2, 'MFA') RETURNING id`, [pid, uniq('P ')]);
    const inv = await db().transaction((em) => createInvitation(em, { waveId, stakeholderId: s.id }));
    const answers = demoAnswers(DEMO_STAKEHOLDERS[seed % DEMO_STAKEHOLDERS.length], prng(seed++), true);
    await request(testEnv().app.app).post('/api/respond/submit').set('Cookie', `marsad_resp=${inv.token}`)
      .send({ submissionId: crypto.randomUUID(), answers, language: 'en' }).expect(200);
    return (await db().query(`SELECT id FROM responses WHERE invitation_id = $1`, [inv.invitationId]))[0].id as string;
  }
  const exported = async (values: string) =>
    ((await binary(officer.get(`/api/programmes/${pid}/exports/responses.csv?waveId=${waveId}&values=${values}`)).expect(200)).body as Buffer).toString('utf8');
  const modes = async () => (await db().query(`SELECT mode FROM response_csv_modes WHERE wave_id = $1 ORDER BY mode`, [waveId])).map((r: { mode: string }) => r.mode);
  /** the current cached rows of these responses in a mode (revision and hash as the export checks them) */
  async function current(ids: string[], mode: 'codes' | 'ar'): Promise<number> {
    const hash = await cellsHash((q, p) => db().query(q, p), (await loadWave(db().manager, pid, waveId)).definition, mode);
    return (await db().query(`SELECT count(*)::int AS n FROM response_csv_cells c JOIN responses r ON r.id = c.response_id
      WHERE c.response_id = ANY ($1::uuid[]) AND c.mode = $2 AND c.revision = r.revision AND c.hash = $3`, [ids, mode, hash]))[0].n;
  }
  const cachedIn = async (mode: string) => (await db().query(`SELECT count(*)::int AS n FROM response_csv_cells c JOIN responses r ON r.id = c.response_id
    WHERE r.wave_id = $1 AND c.mode = $2`, [waveId, mode]))[0].n as number;
  /** waits until no other session is running a statement (the fill an export schedules after the file) */
  async function quiet(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const [{ n }] = await db().query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()
        AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'`);
      if (n === 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.fail('the database did not become idle');
  }

  before(async () => {
    officer = await loginAs('officer');
    pid = officer.programmeId;
    ({ waveId } = await waveWithIndicators(officer, pid, {}));
  });

  it('an export in Arabic records (wave, ar); the refresh renders the responses submitted since in Arabic only; the next export is the uncached one', async () => {
    const before = [await submit(), await submit(), await submit()];
    assert.deepEqual(await modes(), []);
    await exported('ar');
    assert.deepEqual(await modes(), ['ar'], 'the exported mode is in use, no other');
    for (let i = 0; i < 200 && (await current(before, 'ar')) < 3; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(await current(before, 'ar'), 3, 'the fill after the export');
    await quiet();
    const after = [await submit(), await submit(), await submit(), await submit()];
    assert.equal(await current(after, 'ar'), 0, 'nothing renders at submit');
    const r = await refreshCsvCache(db(), log);
    assert.ok(r.pairs >= 1 && r.rows >= 4 && !r.skipped && r.failed === 0, JSON.stringify(r));
    assert.equal(await current(after, 'ar'), 4, 'the new responses have current rows in Arabic');
    assert.equal(await cachedIn('codes'), 0, 'none in codes (not in use)');
    assert.equal(await cachedIn('ar'), 7);
    const o: ResponseExportOptions = { programmeId: pid, wave: await loadWave(db().manager, pid, waveId), headers: 'codes', values: 'ar', drafts: false,
      institutions: await institutionNames(db().manager, pid), skipExcluded: await hasExcludedColumn(db().manager) };
    const [uncached, js] = [new Sink(), new Sink()];
    await streamResponsesCsv(db(), { ...o, cache: false }, uncached);
    await streamResponsesCsvJs(db(), o, js);
    const warm = await exported('ar');
    assert.equal(warm, uncached.text(), 'the warm export = the uncached one');
    assert.equal(warm, js.text());
    assert.equal(warm.split('\r\n').filter(Boolean).length, 8);
    await quiet();
  });

  it('a refresh with nothing new writes nothing, reads the wave\'s responses by (wave, status, submitted_at), and looks back only to its last start minus the margin', async () => {
    await refreshCsvCache(db(), log); // whatever earlier test files left
    await quiet();
    const nextXid = async () => (await db().query(`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x`))[0].x as string;
    const x0 = await nextXid();
    const r = await refreshCsvCache(db(), log);
    assert.equal(r.rows, 0);
    assert.equal(await nextXid(), x0, 'no transaction of the refresh wrote anything (no transaction id assigned)');

    const wave = await loadWave(db().manager, pid, waveId);
    const sql = fillStatements({ programmeId: pid, waveId, definition: wave.definition, values: 'ar' }, await cellsHash((q, p) => db().query(q, p), wave.definition, 'ar'));
    const [{ since }] = await db().query(`SELECT refreshed_from - interval '5 minutes' AS since FROM response_csv_modes WHERE wave_id = $1 AND mode = 'ar'`, [waveId]);
    await db().query(`ANALYZE responses`);
    // at test sizes a sequential scan of responses may be the cheaper plan: forbid it, so that the plan shows
    // whether an index can serve the range (the former (wave_id, status) index gives no submitted_at condition)
    for (const [statement, params] of [[sql.recent, [since]], [RECENT_PAIRS, [300]]] as const) {
      const plan = await db().transaction(async (em) => {
        await em.query(`SELECT set_config('enable_seqscan', 'off', true)`);
        return (await em.query(`EXPLAIN (FORMAT JSON) ${statement}`, [...params]))[0]['QUERY PLAN'][0].Plan as PlanNode;
      });
      const all = nodes(plan);
      assert.ok(!all.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'responses'), JSON.stringify(plan));
      const range = all.find((n) => n['Index Name'] === 'responses_wave_status_submitted');
      assert.ok(range && /submitted_at >=/.test(range['Index Cond'] ?? ''), `an index range on submitted_at: ${JSON.stringify(plan)}`);
    }

    // a response submitted before the last refresh's start minus the margin is not looked at (the fill after the next
    // export renders it, the export computes it inline until then)
    const [old] = await db().query(`SELECT r.id FROM responses r WHERE r.wave_id = $1 AND r.status = 'complete' ORDER BY r.submitted_at LIMIT 1`, [waveId]);
    await db().query(`DELETE FROM response_csv_cells WHERE response_id = $1 AND mode = 'ar'`, [old.id]);
    await refreshCsvCache(db(), log, { marginSeconds: 0 });
    assert.equal(await current([old.id], 'ar'), 0, 'outside the window');
    await refreshCsvCache(db(), log, { marginSeconds: 3600 });
    assert.equal(await current([old.id], 'ar'), 1, 'inside it');
  });

  it('the pg-boss minute tick runs the refresh', async () => {
    const { ctx } = testEnv();
    const id = await submit();
    ctx.config.JOBS = true;
    try {
      const boss = await startJobs(ctx, { pollingIntervalSeconds: 0.5, cron: false });
      const job = (await boss.send(QUEUE_TICK, {}))!;
      for (let i = 0; i < 200 && (await boss.getJobById(QUEUE_TICK, job))?.state !== 'completed'; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal((await boss.getJobById(QUEUE_TICK, job))?.state, 'completed');
    } finally { ctx.config.JOBS = false; await stopJobs(ctx); }
    assert.equal(await current([id], 'ar'), 1);
  });

  it('the first export of a mode reads no cached cells (none can exist yet); from the second on it does', async () => {
    const id = await submit();
    const hash = await cellsHash((q, p) => db().query(q, p), (await loadWave(db().manager, pid, waveId)).definition, 'codes');
    // a planted row of this (not yet exported) mode with the current revision and hash: served only if the cache is read
    await db().query(`INSERT INTO response_csv_cells (response_id, mode, revision, hash, cells)
      SELECT id, 'codes', revision, $2, ',"planted"' FROM responses WHERE id = $1`, [id, hash]);
    assert.doesNotMatch(await exported('codes'), /planted/, 'first export of the mode: computed inline');
    assert.deepEqual(await modes(), ['ar', 'codes']);
    await quiet(); // the fill after the export leaves the planted row (current revision and hash) as it is
    assert.match(await exported('codes'), /planted/, 'second export: the cached cells are read');
  });

  it('deleting the wave removes its modes in use', async () => {
    assert.deepEqual(await modes(), ['ar', 'codes']);
    await db().query(`DELETE FROM responses WHERE wave_id = $1`, [waveId]);
    await db().query(`DELETE FROM waves WHERE id = $1`, [waveId]);
    assert.deepEqual(await modes(), []);
  });
});
