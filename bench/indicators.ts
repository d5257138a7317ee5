// Benchmark: all demo indicators with two disaggregations (sex × institution, one SQL query) over 100k and 1M synthetic
// responses: the typed projection (what the values endpoints read) beside the old JSONB query (the fallback) and one
// plain full scan of the same wave's responses, in the same run; plus the projection's build and its triggers' cost.
// `npx tsx bench/indicators.ts [100000 1000000]`.
//
// Figures (2 cores shared with other helpers' test runs, load average 3–6; embedded PostgreSQL 18), 2026-11-30:
//   responses | projection | full scan | ratio | JSONB query | build
//     100 000 |      95 ms |    508 ms |  0.19 |    1 912 ms |  4.1 s
//   1 000 000 |     440 ms |  4 514 ms |  0.10 |   13 092 ms | 21.6 s
// Triggers (20 000, 2026-11-30 19:34, same sitting): a bulk INSERT of complete responses +98 µs/row with a projection
// (+214 before the one-row function of PROJECTION_VERSION 3); a single draft → complete UPDATE 348 → 476 µs (the trigger
// itself 136 µs, median; 183 µs before). An earlier run under heavier load (load average 8–11) gave
// 145 / 1 348 ms for the projection (ratios 0.32 / 0.27). Before (JSONB query only, 2026-11-27): 3 140 / 24 646 ms.
// Rebuild with a writer correcting complete responses in a loop on a second connection (2026-11-30 20:10–20:50, load
// average 4–6): the former blocking build stalls it for the whole build (100k: 2.8–3.0 s; 1M: 16.5–31.3 s), the online
// rebuild for 40–172 ms at 100k and 70–317 ms at 1M (locked phase 4–63 ms / 16–314 ms) — bench/README.md.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../server/db/embedded';
import { createDataSource, runMigrations } from '../server/db/data-source';
import { seedDemo, DEMO_CODE } from '../server/seed/demo';
import { DEMO_INDICATORS } from '../server/seed/demo-logframe';
import { compileIndicatorQuery, type SqlCell } from '../indicators/sql';
import { compileProjectionQuery, projectionLayout, type ProjectionLayout } from '../indicators/projection';
import { buildProjection, specHash } from '../server/services/indicator-projection';
import { BUILDER_LOCK, rebuildOnline } from '../server/services/indicator-projection-build';
import { disaggregableQuestions } from '../server/services/indicator-dimensions';
import { buildQuestionIndex } from '../indicators/check';
import type { DataSource } from 'typeorm';
import baseline from '../surveys/demo/baseline.json';

export interface IndicatorBenchRow {
  responses: number;
  /** the values query over the wave's typed projection (what GET /indicator-values runs) */
  indicatorsMs: number;
  fullScanMs: number;
  ratio: number;
  cells: number;
  /** the old JSONB query (the fallback) */
  jsonbMs: number;
  /** one build of the projection (create, fill, analyse) */
  buildMs: number;
  /** projection and JSONB query gave the same cells (n exact, sums within 1e-9 relative) */
  same: boolean;
  /** a writer correcting complete responses in a loop during a rebuild: the former blocking build, then the online one */
  stall: { blocking: WriterStall; online: WriterStall & { lockedMs: number; sameAfter: boolean } };
}
/** A rebuild with a writer on a second connection: the build's time, the writes that overlapped it, their longest latency. */
export interface WriterStall { buildMs: number; writes: number; maxMs: number; medianMs: number; idleMedianMs: number }
/** What the projection's triggers cost the writers (measured on a scratch wave of the same programme). */
export interface TriggerCost {
  bulkRows: number; bulkPlainMs: number; bulkTriggerMs: number;
  /** single-row draft → complete UPDATEs: median round trip without and with a projection, and the trigger's own median time */
  submits: number; submitPlainUs: number; submitTriggerUs: number; triggerUs: number;
}

const likert = `CASE WHEN random() < 0.08 THEN '"dk"'::jsonb ELSE to_jsonb(1 + floor(random() * 5)::int) END`;
/** Synthetic answers of the demo questionnaire, generated in SQL (codes only, as the respondent page stores them). */
const ANSWERS = `jsonb_build_object(
  'institution', s.institution, 'sex', CASE WHEN random() < 0.03 THEN 'na' ELSE s.sex END, 'years_migration', 1 + floor(random() * 20)::int,
  'know_terminology', ${likert}, 'know_dialogues', ${likert}, 'consular_preparedness', ${likert},
  'legis_standards', ${likert}, 'legis_drafting', ${likert}, 'cso_cooperation', ${likert}, 'expatriate_engagement', ${likert},
  'dialogues_attended', CASE WHEN random() < 0.3 THEN '["none"]'::jsonb ELSE (ARRAY['["khartoum"]','["rabat","vienna"]','["khartoum","rabat"]','["euromed"]','["mc2cm","jvap"]'])[1 + floor(random() * 5)::int]::jsonb END,
  'dialogue_active', (ARRAY['yes','yes','no','dk'])[1 + floor(random() * 4)::int],
  'consular_plan', (ARRAY['yes','no','no','dk'])[1 + floor(random() * 4)::int], 'consular_trained', random() < 0.35,
  'capacity', jsonb_build_object('data', ${likert}, 'policy', ${likert}, 'coordination', ${likert}),
  'cso_meetings', floor(random() * 12)::int, 'strategy_aware', (ARRAY['yes','no','dk'])[1 + floor(random() * 3)::int],
  'support_usefulness', 2 + floor(random() * 4)::int, 'contact_consent', random() < 0.8)`;

async function timeIt(c: Client, sql: string, params: unknown[], runs = 5): Promise<{ ms: number; rows: number }> {
  await c.query(sql, params); // warm-up (plans, caches)
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    rows = (await c.query(sql, params)).rowCount ?? 0;
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)], rows };
}

/** Replace the wave's projection (under the programme's projection lock, as the service does); its build time. */
async function build(ds: DataSource, programmeId: string, waveId: string, layout: ProjectionLayout) {
  const t = process.hrtime.bigint();
  const p = await ds.transaction(async (em) => {
    await em.query(`SELECT pg_advisory_xact_lock(8723, hashtext($1::text))`, [programmeId]);
    return buildProjection(em, programmeId, waveId, layout, specHash(layout));
  });
  return { ...p, ms: Number(process.hrtime.bigint() - t) / 1e6 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => (xs.length ? [...xs].sort((m, n) => m - n)[Math.floor(xs.length / 2)] : 0);

/**
 * Run `rebuild` while a writer on its own connection corrects complete responses of the wave in a loop (one
 * autocommitted UPDATE of the answers each: the facts trigger, and the log during an online build); the writes whose
 * span overlaps the rebuild's, their longest and median latency, and the writer's median before the rebuild.
 */
async function stallDuring(url: string, waveId: string, rebuild: () => Promise<unknown>): Promise<WriterStall> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const ids = (await c.query(`SELECT id FROM responses WHERE wave_id = $1 AND status = 'complete' ORDER BY random() LIMIT 2000`, [waveId])).rows.map((r) => r.id as string);
  const writes: Array<[number, number]> = [];
  let stop = false;
  const loop = (async () => {
    for (let i = 0; !stop; i++) {
      const t = performance.now();
      await c.query(`UPDATE responses SET answers = jsonb_set(answers, '{cso_meetings}', to_jsonb($2::int)), revision = revision + 1 WHERE id = $1`, [ids[i % ids.length], i % 12]);
      writes.push([t, performance.now()]);
    }
  })();
  try {
    await sleep(500);
    const t0 = performance.now();
    await rebuild();
    const t1 = performance.now();
    await sleep(200);
    stop = true;
    await loop;
    const during = writes.filter(([a, b]) => b > t0 && a < t1).map(([a, b]) => b - a);
    return { buildMs: t1 - t0, writes: during.length, maxMs: Math.max(0, ...during), medianMs: median(during),
      idleMedianMs: median(writes.filter(([, b]) => b <= t0).map(([a, b]) => b - a)) };
  } finally {
    stop = true;
    await loop.catch(() => undefined);
    await c.end();
  }
}

/** The online rebuild as a values read runs it (own connection, the wave's builder lock). */
async function online(ds: DataSource, programmeId: string, waveId: string, layout: ProjectionLayout) {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query(BUILDER_LOCK.take, [waveId]);
    return await rebuildOnline(qr, programmeId, waveId, layout, specHash(layout));
  } finally {
    await qr.query(BUILDER_LOCK.release, [waveId]);
    await qr.release();
  }
}

function sameCells(a: SqlCell[], b: SqlCell[]): boolean {
  const key = (c: SqlCell) => JSON.stringify(c.keys);
  const bm = new Map(b.map((c) => [key(c), c] as const));
  const close = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  return a.length === b.length && a.every((c) => {
    const d = bm.get(key(c));
    return !!d && d.respondents === c.respondents && [...c.values].every(([id, v]) => {
      const w = d.values.get(id)!;
      return w.n === v.n && close(w.numerator, v.numerator) && close(w.denominator, v.denominator) && close(w.sumSquares ?? 0, v.sumSquares ?? 0);
    });
  });
}

const INSERT = (answers: string) => `INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, stakeholder_id, status, answers, submitted_answers, submitted_at)
  SELECT $1, $2, $3, s.id, 'complete', a.answers, a.answers, now() FROM generate_series($4::int, $5::int - 1) g
  JOIN LATERAL (SELECT id, institution, sex FROM stakeholders WHERE programme_id = $1 ORDER BY id OFFSET (g % 24) LIMIT 1) s ON true
  CROSS JOIN LATERAL (SELECT ${answers} AS answers) a`;

/**
 * The triggers' cost, on two scratch waves of the same programme, one with a projection, measured alternately so that
 * both see the same machine: bulk INSERTs of complete responses (best of two), and single-row draft → complete
 * UPDATEs interleaved in one transaction (the commit's fsync dominates and varies per submit), with the trigger's own
 * time from EXPLAIN ANALYZE; medians (the first calls of a session compile the function and plan its statement).
 */
async function triggerCost(c: Client, ds: DataSource, programmeId: string, version: string, layout: ProjectionLayout): Promise<TriggerCost> {
  const wave = async (name: string) => (await c.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, opens_at, closes_at)
    VALUES ($1, $2, 'monitoring', $3, now() - interval '1 day', now() + interval '1 day') RETURNING id`, [programmeId, version, name])).rows[0].id as string;
  const plain = await wave('Bench, no projection'), projected = await wave('Bench, projection');
  await build(ds, programmeId, projected, layout);
  const bulkRows = 10_000, submits = 400;
  const bulk = async (w: string, from: number) => {
    const t = process.hrtime.bigint();
    await c.query(INSERT(ANSWERS), [programmeId, w, version, from, from + bulkRows]);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const b = [await bulk(plain, 0), await bulk(projected, 0), await bulk(plain, bulkRows), await bulk(projected, bulkRows)];
  const drafts = async (w: string) => (await c.query(`INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, stakeholder_id, status, answers)
      SELECT programme_id, wave_id, questionnaire_version_id, stakeholder_id, 'draft', answers FROM responses WHERE wave_id = $1 LIMIT $2 RETURNING id`, [w, submits])).rows as Array<{ id: string }>;
  const [a, p] = [await drafts(plain), await drafts(projected)];
  const complete = async (id: string) => {
    const t = process.hrtime.bigint();
    const res = await c.query(`EXPLAIN (ANALYZE, FORMAT JSON) UPDATE responses SET status = 'complete', submitted_answers = answers, submitted_at = now() WHERE id = $1`, [id]);
    const triggers: Array<{ 'Trigger Name': string; Time: number }> = res.rows[0]['QUERY PLAN'][0].Triggers ?? [];
    return { us: Number(process.hrtime.bigint() - t) / 1e3, trig: 1000 * (triggers.find((x) => x['Trigger Name'] === 'responses_indicator_facts_update')?.Time ?? 0) };
  };
  await c.query('BEGIN');
  const rp: number[] = [], rt: number[] = [], tt: number[] = [];
  for (let i = 0; i < submits; i++) {
    rp.push((await complete(a[i].id)).us);
    const x = await complete(p[i].id);
    rt.push(x.us); tt.push(x.trig);
  }
  await c.query('COMMIT');
  for (const w of [plain, projected]) await c.query(`DELETE FROM responses WHERE wave_id = $1`, [w]);
  await c.query(`DELETE FROM indicator_projections WHERE wave_id = $1`, [projected]);
  await c.query(`DELETE FROM waves WHERE id = ANY($1::uuid[])`, [[plain, projected]]);
  return { bulkRows, bulkPlainMs: Math.min(b[0], b[2]), bulkTriggerMs: Math.min(b[1], b[3]), submits, submitPlainUs: median(rp), submitTriggerUs: median(rt), triggerUs: median(tt) };
}

export async function benchIndicators(sizes: number[] = [100_000, 1_000_000], onTrigger?: (t: TriggerCost) => void): Promise<IndicatorBenchRow[]> {
  // BENCH_DIR keeps the database between runs (for experiments); by default a fresh temp folder
  const keep = process.env.BENCH_DIR;
  const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-bench-ind-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
  const ds = createDataSource(pg.url, 2);
  const c = new Client({ connectionString: pg.url });
  try {
    await ds.initialize();
    await runMigrations(ds);
    await ds.transaction((em) => seedDemo(em, null));
    await c.connect();
    const [p] = (await c.query(`SELECT id FROM programmes WHERE code = $1`, [DEMO_CODE])).rows;
    const [v] = (await c.query(`SELECT w.questionnaire_version_id AS v FROM waves w WHERE w.programme_id = $1 AND kind = 'baseline'`, [p.id])).rows;
    const [w] = (await c.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, opens_at, closes_at)
      VALUES ($1, $2, 'monitoring', 'Bench', now() - interval '1 day', now() + interval '1 day') RETURNING id`, [p.id, v.v])).rows;
    const qi = buildQuestionIndex(baseline);
    const missing = [...new Set([...qi.values()].flatMap((q) => q.missingCodes))];
    const indicators = DEMO_INDICATORS.map((i) => ({ id: i.code, formula: i.formula }));
    const dimensions = [{ kind: 'question' as const, name: 'sex' }, { kind: 'attribute' as const, attribute: 'institution' }];
    const q = compileIndicatorQuery({ indicators, dimensions, cross: true, missingCodes: missing, skipExcluded: true }, w.id);
    const layout = projectionLayout({ indicators, missingCodes: missing, questions: disaggregableQuestions(qi) });
    onTrigger?.(await triggerCost(c, ds, p.id, v.v, layout));
    const out: IndicatorBenchRow[] = [];
    let have = 0;
    for (const size of [...sizes].sort((a, b) => a - b)) {
      // bulk loads go in without a projection (it is rebuilt below); the triggers' cost is measured above
      await c.query(`DELETE FROM indicator_projections WHERE wave_id = $1`, [w.id]);
      for (let from = have; from < size; from += 250_000) {
        await c.query(INSERT(ANSWERS), [p.id, w.id, v.v, from, Math.min(size, from + 250_000)]);
      }
      have = size;
      await c.query(`VACUUM ANALYZE responses`);
      const proj = await build(ds, p.id, w.id, layout);
      await c.query(`VACUUM ANALYZE ${proj.tableName}`); // visibility map: the first read does not set hint bits
      const pq = compileProjectionQuery(proj.spec, proj.tableName, { indicators: indicators.map((i) => i.id), dimensions, cross: true });
      const same = sameCells(pq.decode((await c.query(pq.sql, pq.params)).rows), q.decode((await c.query(q.sql, q.params)).rows));
      const ind = await timeIt(c, pq.sql, pq.params);
      const jsonb = await timeIt(c, q.sql, q.params);
      const scan = await timeIt(c, `SELECT count(*), sum(length(answers::text)) FROM responses WHERE wave_id = $1`, [w.id]);
      // a rebuild (the same spec: both kinds rebuild regardless) with a writer going on: blocking as before, then online
      const blocking = await stallDuring(pg.url, w.id, () => build(ds, p.id, w.id, layout));
      let lockedMs = 0, tableName = '';
      const onl = await stallDuring(pg.url, w.id, async () => { ({ lockedMs, tableName } = await online(ds, p.id, w.id, layout)); });
      const aq = compileProjectionQuery(proj.spec, tableName, { indicators: indicators.map((i) => i.id), dimensions, cross: true });
      const sameAfter = sameCells(aq.decode((await c.query(aq.sql, aq.params)).rows), q.decode((await c.query(q.sql, q.params)).rows));
      out.push({ responses: size, indicatorsMs: ind.ms, fullScanMs: scan.ms, ratio: ind.ms / scan.ms, cells: ind.rows, jsonbMs: jsonb.ms, buildMs: proj.ms, same,
        stall: { blocking, online: { ...onl, lockedMs, sameAfter } } });
    }
    return out;
  } finally {
    await c.end().catch(() => undefined);
    if (ds.isInitialized) await ds.destroy();
    await pg.stop();
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  let trig: TriggerCost | undefined;
  benchIndicators(sizes.length ? sizes : undefined, (t) => { trig = t; }).then((rows) => {
    console.log(`indicators: ${DEMO_INDICATORS.length} demo indicators, disaggregated by sex and institution (+ cross), one query; median of 5 runs`);
    console.log('responses  | projection (ms) | full scan (ms) | ratio | JSONB query (ms) | build (ms) | same numbers | result rows');
    for (const r of rows) {
      console.log(`${String(r.responses).padStart(10)} | ${r.indicatorsMs.toFixed(1).padStart(15)} | ${r.fullScanMs.toFixed(1).padStart(14)} | ${r.ratio.toFixed(2).padStart(5)} | ${r.jsonbMs.toFixed(1).padStart(16)} | ${r.buildMs.toFixed(0).padStart(10)} | ${String(r.same).padStart(12)} | ${r.cells}`);
    }
    console.log('rebuild with a writer correcting complete responses in a loop on a second connection (autocommit):');
    console.log('responses  | kind     | build (ms) | writes during | writer max (ms) | writer median (ms) | median before (ms) | locked (ms) | same numbers');
    for (const r of rows) {
      for (const [kind, x] of [['blocking', r.stall.blocking], ['online', r.stall.online]] as const) {
        const o = kind === 'online' ? r.stall.online : null;
        console.log(`${String(r.responses).padStart(10)} | ${kind.padEnd(8)} | ${x.buildMs.toFixed(0).padStart(10)} | ${String(x.writes).padStart(13)} | ${x.maxMs.toFixed(1).padStart(15)} | `
          + `${x.medianMs.toFixed(2).padStart(18)} | ${x.idleMedianMs.toFixed(2).padStart(18)} | ${o ? o.lockedMs.toFixed(1).padStart(11) : ''.padStart(11)} | ${o ? String(o.sameAfter) : ''}`);
      }
    }
    if (trig) {
      console.log(`triggers: bulk INSERT of ${trig.bulkRows} complete responses ${trig.bulkPlainMs.toFixed(0)} ms without a projection, ${trig.bulkTriggerMs.toFixed(0)} ms with one`
        + ` (+${((trig.bulkTriggerMs - trig.bulkPlainMs) * 1000 / trig.bulkRows).toFixed(1)} µs/row)`);
      console.log(`triggers: single-row draft → complete UPDATE (${trig.submits}× each, interleaved in one transaction, medians) ${trig.submitPlainUs.toFixed(0)} µs without, `
        + `${trig.submitTriggerUs.toFixed(0)} µs with a projection; the trigger itself ${trig.triggerUs.toFixed(0)} µs`);
    }
  }).catch((e) => { console.error(e); process.exit(1); });
}
