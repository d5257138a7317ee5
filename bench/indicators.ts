// Benchmark: all demo indicators with two disaggregations (sex × institution, one SQL query) over 100k and 1M synthetic
// responses, beside one plain full scan of the same wave's responses in the same run. `npx tsx bench/indicators.ts`.
//
// Figures (2 cores shared with other test runs, load average ≈ 13; embedded PostgreSQL 18), 2026-11-27:
//   responses | all 10 indicators, sex × institution | full scan | ratio
//     100 000 |                             3 140 ms |    645 ms |  4.9
//   1 000 000 |                            24 646 ms |  7 951 ms |  3.1
// The budget (≤ 150 ms at 100k, ≤ 1 s at 1M) is not met on JSONB: the work per row is the extraction of ~17 items
// and their checks. Next step: a typed projection (one numeric/text column per formula item) filled at submit time.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../server/db/embedded';
import { createDataSource, runMigrations } from '../server/db/data-source';
import { seedDemo, DEMO_CODE } from '../server/seed/demo';
import { DEMO_INDICATORS } from '../server/seed/demo-logframe';
import { compileIndicatorQuery } from '../indicators/sql';
import { buildQuestionIndex } from '../indicators/check';
import baseline from '../surveys/demo/baseline.json';

export interface IndicatorBenchRow { responses: number; indicatorsMs: number; fullScanMs: number; ratio: number; cells: number }

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

export async function benchIndicators(sizes: number[] = [100_000, 1_000_000]): Promise<IndicatorBenchRow[]> {
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
    await ds.destroy();
    await c.connect();
    const [p] = (await c.query(`SELECT id FROM programmes WHERE code = $1`, [DEMO_CODE])).rows;
    const [v] = (await c.query(`SELECT w.questionnaire_version_id AS v FROM waves w WHERE w.programme_id = $1 AND kind = 'baseline'`, [p.id])).rows;
    const [w] = (await c.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, opens_at, closes_at)
      VALUES ($1, $2, 'monitoring', 'Bench', now() - interval '1 day', now() + interval '1 day') RETURNING id`, [p.id, v.v])).rows;
    const qi = buildQuestionIndex(baseline);
    const missing = [...new Set([...qi.values()].flatMap((q) => q.missingCodes))];
    const q = compileIndicatorQuery({ indicators: DEMO_INDICATORS.map((i) => ({ id: i.code, formula: i.formula })),
      dimensions: [{ kind: 'question', name: 'sex' }, { kind: 'attribute', attribute: 'institution' }], cross: true, missingCodes: missing }, w.id);
    const out: IndicatorBenchRow[] = [];
    let have = 0;
    for (const size of [...sizes].sort((a, b) => a - b)) {
      for (let from = have; from < size; from += 250_000) {
        const to = Math.min(size, from + 250_000);
        await c.query(`INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, stakeholder_id, status, answers, submitted_answers, submitted_at)
          SELECT $1, $2, $3, s.id, 'complete', a.answers, a.answers, now() FROM generate_series($4::int, $5::int - 1) g
          JOIN LATERAL (SELECT id, institution, sex FROM stakeholders WHERE programme_id = $1 ORDER BY id OFFSET (g % 24) LIMIT 1) s ON true
          CROSS JOIN LATERAL (SELECT ${ANSWERS} AS answers) a`, [p.id, w.id, v.v, from, to]);
      }
      have = size;
      await c.query(`VACUUM ANALYZE responses`);
      const ind = await timeIt(c, q.sql, q.params);
      const scan = await timeIt(c, `SELECT count(*), sum(length(answers::text)) FROM responses WHERE wave_id = $1`, [w.id]);
      out.push({ responses: size, indicatorsMs: ind.ms, fullScanMs: scan.ms, ratio: ind.ms / scan.ms, cells: ind.rows });
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
  benchIndicators(sizes.length ? sizes : undefined).then((rows) => {
    console.log(`indicators: ${DEMO_INDICATORS.length} demo indicators, disaggregated by sex and institution (+ cross), one query; median of 5 runs`);
    console.log('responses  | all indicators (ms) | full scan (ms) | ratio | result rows');
    for (const r of rows) {
      console.log(`${String(r.responses).padStart(10)} | ${r.indicatorsMs.toFixed(1).padStart(19)} | ${r.fullScanMs.toFixed(1).padStart(14)} | ${r.ratio.toFixed(2).padStart(5)} | ${r.cells}`);
    }
  }).catch((e) => { console.error(e); process.exit(1); });
}
