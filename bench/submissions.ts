// Benchmark: final submits per second through the real respondent endpoint (validation, transaction, commit),
// beside a bare POST+INSERT endpoint on the same server and pool, and the raw INSERT rate of the same Postgres.
import http from 'node:http';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import express from 'express';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../server/db/embedded';
import { loadConfig } from '../server/config';
import { initDataSource } from '../server/boot';
import { runMigrations } from '../server/db/data-source';
import { createApp, errorHandler, requestPipeline } from '../server/app';
import type { AppContext } from '../server/context';
import baseline from '../surveys/demo/baseline.json';
import { DEMO_STAKEHOLDERS, demoAnswers, prng } from '../server/seed/demo';
import { DEMO_INDICATORS, DEMO_RESULTS } from '../server/seed/demo-logframe';
import type { DataSource } from 'typeorm';
import { sha256 } from '../server/auth/passwords';
import { ensureIndicatorProjection } from '../server/services/indicator-projection';
import { receiptCode } from '../server/services/responses';
import { preparedRows } from '../server/db/prepared';
import { SAME_WRITES } from './same-writes';

export interface SubmissionFigures {
  submitPerSec: number; submitP50: number; submitP99: number; submitErrors: number;
  barePerSec: number; bareP50: number; bareP99: number; rawInsertPerSec: number;
  /** CPU ms per request, of this Node process (server AND autocannon: they share it) and of all PostgreSQL processes */
  submitNodeCpuMs: number; submitPgCpuMs: number; bareNodeCpuMs: number; barePgCpuMs: number;
  /** the same bare POST+INSERT route behind Marsad's request pipeline (headers, cookies, JSON limits, session check) */
  appBarePerSec: number; appBareP99: number; appBareNodeCpuMs: number; appBarePgCpuMs: number;
  /** a bare route doing the submit's required writes (response, invitation status, event, audit) in one statement, no rules */
  sameWritesPerSec: number; sameWritesP50: number; sameWritesP99: number; sameWritesNodeCpuMs: number; sameWritesPgCpuMs: number;
}

/** CPU seconds used so far by the PostgreSQL server: the postmaster, its children, and children that already exited. */
function pgCpuSeconds(postmaster: number | undefined): number {
  if (!postmaster) return NaN;
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let stat: string;
    try { stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8'); } catch { continue; }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on
    const pid = Number(d), ppid = Number(f[1]);
    if (pid !== postmaster && ppid !== postmaster) continue;
    total += Number(f[11]) + Number(f[12]) + (pid === postmaster ? Number(f[13]) + Number(f[14]) : 0);
  }
  return total / tick;
}

/** Runs fn and measures the CPU it took in this process and in PostgreSQL. */
async function withCpu<T>(postmaster: number | undefined, fn: () => Promise<T>): Promise<{ result: T; nodeMs: number; pgMs: number }> {
  const n0 = process.cpuUsage(), p0 = pgCpuSeconds(postmaster);
  // BENCH_MARKS=1: monotonic µs (the clock of `node --cpu-prof` profiles) around each run, to cut a profile to one run
  if (process.env.BENCH_MARKS) console.error('run starts', process.hrtime.bigint() / 1000n);
  const result = await fn();
  if (process.env.BENCH_MARKS) console.error('run ends', process.hrtime.bigint() / 1000n);
  const n = process.cpuUsage(n0), p1 = pgCpuSeconds(postmaster);
  return { result, nodeMs: (n.user + n.system) / 1000, pgMs: (p1 - p0) * 1000 };
}

async function run(url: string, opts: Partial<autocannon.Options>): Promise<autocannon.Result> {
  return autocannon({ url, connections: 50, duration: 8, ...opts } as autocannon.Options);
}

/** The bench programme with the demo logframe's indicators over its questionnaire (what an analytics projection follows). */
export async function withDemoIndicators(db: DataSource, ids: { programmeId: string; waveId: string }): Promise<void> {
  const resultIds = new Map<string, string>();
  for (const [i, r] of DEMO_RESULTS.entries()) {
    const [row] = await db.query(`INSERT INTO results (programme_id, parent_id, level, code, statement_en, statement_ar, position)
      VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, [ids.programmeId, r.parent ? resultIds.get(r.parent) : null, r.level, r.code, r.en, r.ar, i]);
    resultIds.set(r.code, row.id);
  }
  for (const [i, ind] of DEMO_INDICATORS.entries()) {
    await db.query(`INSERT INTO indicators (programme_id, result_id, code, name_en, name_ar, unit, direction, formula, disaggregations, position)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [ids.programmeId, resultIds.get(ind.result), ind.code, ind.en, ind.ar, ind.unit,
      ind.direction, JSON.stringify(ind.formula), JSON.stringify(ind.disaggregations), i]);
  }
  // the wave's analytics projection, as after the first dashboard view: every complete submit then maintains its facts row
  if (!(await ensureIndicatorProjection(db, ids.programmeId, ids.waveId))) throw new Error('no indicator projection was built');
}

/** invitations kept for the same-writes reference (more than it can use in 8 s on this machine) */
const SAME_WRITES_INVITATIONS = 40000;

export interface SubmissionOptions {
  /** runs after the programme, questionnaire and wave exist, before any submit (e.g. indicators, an analytics projection) */
  prepare?: (db: DataSource, ids: { programmeId: string; waveId: string; versionId: string }) => Promise<void>;
}

/** BENCH_SUBMIT_INDICATORS=1: the bench programme gets the demo indicators first (submits then maintain what follows them). */
export async function benchSubmissions(invitations = 30000,
    opts: SubmissionOptions = process.env.BENCH_SUBMIT_INDICATORS === '1' ? { prepare: withDemoIndicators } : {}): Promise<SubmissionFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-bench-sub-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
  const config = loadConfig({ ...process.env, DATABASE_URL: pg.url, LOG_LEVEL: 'silent', JOBS: 'false', RATE_LIMITS: 'false', DB_POOL_SIZE: '10' });
  const log: AppContext['log'] = (l, m) => { if (l === 'error' && process.env.BENCH_LOG) console.error(m); };
  const db = await initDataSource(pg.url, config, log);
  await runMigrations(db);
  try {
    // a programme with the demo questionnaire published, an open wave and many invitations
    const [p] = await db.query(`INSERT INTO programmes (code, name_en) VALUES ('BENCH', 'Bench') RETURNING id`);
    const [q] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'q', 'Q') RETURNING id`, [p.id]);
    const [v] = await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, $2) RETURNING id`, [q.id, JSON.stringify(baseline)]);
    const [w] = await db.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, opens_at, closes_at)
      VALUES ($1, $2, 'endline', 'Bench', now() - interval '1 day', now() + interval '30 days') RETURNING id`, [p.id, v.id]);
    await opts.prepare?.(db, { programmeId: p.id, waveId: w.id, versionId: v.id });
    // the first `invitations` are the submit's, the next SAME_WRITES_INVITATIONS the same-writes reference's
    const tokens: string[] = [];
    for (let i = 0; i < invitations + SAME_WRITES_INVITATIONS; i++) tokens.push(crypto.randomBytes(32).toString('base64url'));
    const institutions = DEMO_STAKEHOLDERS.map((s) => s.institution);
    await db.query(`INSERT INTO stakeholders (programme_id, name_en, institution, sex)
      SELECT $1, 'S' || g, ($2::text[])[1 + g % $3], CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END FROM generate_series(1, $4) g`,
    [p.id, institutions, institutions.length, tokens.length]);
    const sids = (await db.query(`SELECT id FROM stakeholders WHERE programme_id = $1 ORDER BY name_en`, [p.id])).map((r: { id: string }) => r.id);
    await db.query(`INSERT INTO invitations (wave_id, stakeholder_id, token_hash) SELECT $1, unnest($2::uuid[]), unnest($3::bytea[])`,
      [w.id, sids, tokens.map((t) => sha256(t))]);
    const spare: Array<{ id: string; stakeholder_id: string }> = await db.query(`SELECT id, stakeholder_id FROM invitations
      WHERE token_hash = ANY($1::bytea[])`, [tokens.slice(invitations).map((t) => sha256(t))]);
    const rnd = prng(7);
    const payloads = tokens.map((_t, i) => JSON.stringify({
      submissionId: crypto.randomUUID(), language: i % 2 ? 'ar' : 'en',
      answers: demoAnswers(DEMO_STAKEHOLDERS[i % DEMO_STAKEHOLDERS.length], rnd, true),
    }));
    await db.query(`CREATE UNLOGGED TABLE IF NOT EXISTS bench_bare (id bigserial PRIMARY KEY, body jsonb NOT NULL)`);
    await db.query(`ALTER TABLE bench_bare SET LOGGED`);

    const ctx: AppContext = { config, db, log, shuttingDown: false, onShutdown: [], services: {}, baseUrl: () => 'http://127.0.0.1' };
    const marsad = createApp(ctx);
    // each route on its own server, as in production (Marsad's app is the top-level app: mounting it under another
    // express app would re-prototype every request and response twice, a cost production does not pay)
    const servers: http.Server[] = [];
    const listen = async (handler: http.RequestListener): Promise<string> => {
      const server = http.createServer(handler);
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    };
    const base = await listen(marsad.app);
    const outer = express();
    outer.post('/bench/bare', express.json({ limit: '1mb' }), async (req, res, next) => {
      try {
        await db.query(`INSERT INTO bench_bare (body) VALUES ($1)`, [JSON.stringify(req.body)]);
        res.status(201).json({ ok: true });
      } catch (e) { next(e); }
    });
    const bareBase = await listen(outer);
    // the third reference: the writes a submit must make — the response row (same columns, the answers written twice as
    // answers and submitted_answers), the invitation's status, the 'completed' event and the audit row — in one
    // transaction, parameterised, without any rule (no look-up, no lock before the writes, no validation, no hash check);
    // one statement (SAME_WRITES of bench/submit-parts.ts), so one round trip like the submit's one call. Each request takes
    // the next unused invitation.
    let nextSame = 0;
    const sameWrites = express();
    sameWrites.post('/bench/same-writes', express.json({ limit: '1mb' }), async (req, res, next) => {
      try {
        const k = nextSame++;
        if (k >= spare.length) throw new Error('the same-writes reference ran out of invitations');
        const body = req.body as { submissionId: string; language: string; answers: unknown };
        // prepared like the submit's call (unprepared, planning this statement costs ≈ 0.3 ms: bench/submit-parts.ts)
        await preparedRows(db.manager, 'bench_same_writes', SAME_WRITES,
        [p.id, w.id, v.id, spare[k].id, spare[k].stakeholder_id, body.language, JSON.stringify(body.answers), body.submissionId,
          crypto.randomBytes(32).toString('hex'), receiptCode()]);
        res.status(200).json({ status: 'complete' });
      } catch (e) { next(e); }
    });
    const sameBase = await listen(sameWrites);
    // the second reference: the same bare route behind the pipeline every Marsad request goes through; it tells the
    // submit's own work from the pipeline's
    const viaApp = express();
    requestPipeline(viaApp, ctx);
    viaApp.post('/api/bench/bare', async (req, res, next) => {
      try {
        await db.query(`INSERT INTO bench_bare (body) VALUES ($1)`, [JSON.stringify(req.body)]);
        res.status(201).json({ ok: true });
      } catch (e) { next(e); }
    });
    viaApp.use(errorHandler(ctx));
    const appBase = await listen(viaApp);

    // sanity: one real submit must be accepted, or the figure is meaningless
    const probe = await fetch(`${base}/api/respond/submit`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `marsad_resp=${tokens[0]}` }, body: payloads[0] });
    if (probe.status >= 300) throw new Error(`submit endpoint refused the demo payload: ${probe.status} ${await probe.text()}`);

    let i = 1;
    const [{ n: before }] = await db.query(`SELECT count(*)::int AS n FROM responses WHERE status = 'complete'`);
    const submitRun = await withCpu(pg.pid(), () => run(`${base}/api/respond/submit`, {
      requests: [{
        method: 'POST',
        setupRequest: (req: any) => {
          const k = i++ % invitations;
          return { ...req, headers: { ...req.headers, 'content-type': 'application/json', cookie: `marsad_resp=${tokens[k]}` }, body: payloads[k] };
        },
      }],
    } as Partial<autocannon.Options>));
    const submit = submitRun.result;
    const [{ n: afterSubmits }] = await db.query(`SELECT count(*)::int AS n FROM responses WHERE status = 'complete'`);
    const accepted = afterSubmits - before;
    let j = invitations; // the payloads of the spare invitations (their own submission ids)
    const sameRun = await withCpu(pg.pid(), () => run(`${sameBase}/bench/same-writes`, {
      requests: [{
        method: 'POST',
        setupRequest: (req: any) => ({ ...req, headers: { ...req.headers, 'content-type': 'application/json' }, body: payloads[Math.min(j++, payloads.length - 1)] }),
      }],
    } as Partial<autocannon.Options>));
    const same = sameRun.result;
    if (same.non2xx + same.errors > 0) throw new Error(`the same-writes route failed ${same.non2xx + same.errors} times`);
    const bareBody = payloads[1];
    const bareRun = await withCpu(pg.pid(), () => run(`${bareBase}/bench/bare`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bareBody }));
    const bare = bareRun.result;
    const appBareRun = await withCpu(pg.pid(), () => run(`${appBase}/api/bench/bare`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bareBody }));
    const appBare = appBareRun.result;
    if (appBare.non2xx + appBare.errors > 0) throw new Error(`the app-pipeline bare route failed ${appBare.non2xx + appBare.errors} times`);
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(() => r(undefined)));
    }

    // raw single-row INSERT+COMMIT with 16 clients of the same Postgres for 4 s
    const clients = await Promise.all(Array.from({ length: 16 }, async () => { const c = new Client({ connectionString: pg.url }); await c.connect(); return c; }));
    let inserted = 0;
    const until = Date.now() + 4000;
    await Promise.all(clients.map(async (c) => {
      while (Date.now() < until) { await c.query(`INSERT INTO bench_bare (body) VALUES ($1)`, [bareBody]); inserted++; }
    }));
    await Promise.all(clients.map((c) => c.end()));
    const bareCount = bare.requests.total;
    return {
      submitPerSec: accepted / 8, submitP50: submit.latency.p50, submitP99: submit.latency.p99,
      submitErrors: submit.non2xx + submit.errors,
      barePerSec: bare.requests.average, bareP50: bare.latency.p50, bareP99: bare.latency.p99,
      rawInsertPerSec: inserted / 4,
      submitNodeCpuMs: submitRun.nodeMs / Math.max(1, accepted), submitPgCpuMs: submitRun.pgMs / Math.max(1, accepted),
      bareNodeCpuMs: bareRun.nodeMs / Math.max(1, bareCount), barePgCpuMs: bareRun.pgMs / Math.max(1, bareCount),
      appBarePerSec: appBare.requests.average, appBareP99: appBare.latency.p99,
      sameWritesPerSec: same.requests.total / 8, sameWritesP50: same.latency.p50, sameWritesP99: same.latency.p99,
      sameWritesNodeCpuMs: sameRun.nodeMs / Math.max(1, same.requests.total), sameWritesPgCpuMs: sameRun.pgMs / Math.max(1, same.requests.total),
      appBareNodeCpuMs: appBareRun.nodeMs / Math.max(1, appBare.requests.total), appBarePgCpuMs: appBareRun.pgMs / Math.max(1, appBare.requests.total),
    };
  } finally {
    await db.destroy();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchSubmissions().then((f) => { console.table(f); process.exit(0); }, (e) => { console.error(e); process.exit(1); });
}
