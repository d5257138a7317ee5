// Diagnostic: where a final submit's database work goes — per call of the submit function (this one and the one before
// issue #20) beside a bare INSERT, single client: best-batch latency with and without synchronous commit, WAL records.
// (*) the previous function runs on today's schema here (fewer indexes than it had); PARTS_CONCURRENT=1 adds 50 clients.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../server/db/embedded';
import { loadConfig } from '../server/config';
import { initDataSource } from '../server/boot';
import { runMigrations } from '../server/db/data-source';
import baseline from '../surveys/demo/baseline.json';
import { DEMO_STAKEHOLDERS, demoAnswers, prng } from '../server/seed/demo';
import { sha256 } from '../server/auth/passwords';
import { PREVIOUS_FUNCTION } from '../migrations/1764420000001-SubmitInOneFunction';
import { SAME_WRITES } from './same-writes';

const SAME_WRITES_ANSWERS_ONCE = SAME_WRITES.replace('$7, $7, now()', `$7, '{}', now()`);

const BATCHES = 12;
const PER_BATCH = 60;

/** CPU seconds of the PostgreSQL server: postmaster, children, and children that exited. */
function pgCpu(postmaster: number | undefined): number {
  let total = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let stat: string;
    try { stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8'); } catch { continue; }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(d);
    if (pid !== postmaster && Number(f[1]) !== postmaster) continue;
    total += Number(f[11]) + Number(f[12]) + (pid === postmaster ? Number(f[13]) + Number(f[14]) : 0);
  }
  return total / 100;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-parts-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
  const config = loadConfig({ ...process.env, DATABASE_URL: pg.url, LOG_LEVEL: 'silent', JOBS: 'false', RATE_LIMITS: 'false' });
  const db = await initDataSource(pg.url, config, () => undefined);
  await runMigrations(db);
  const c = new Client({ connectionString: pg.url });
  try {
    await db.query(PREVIOUS_FUNCTION); // the function before, side by side
    const n = (BATCHES * PER_BATCH * 2 + 150) * 6 + (process.env.PARTS_CONCURRENT ? 60000 : 0);
    const [p] = await db.query(`INSERT INTO programmes (code, name_en) VALUES ('BENCH', 'Bench') RETURNING id`);
    const [q] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'q', 'Q') RETURNING id`, [p.id]);
    const [v] = await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, $2) RETURNING id`, [q.id, JSON.stringify(baseline)]);
    const [w] = await db.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, opens_at, closes_at)
      VALUES ($1, $2, 'endline', 'Bench', now() - interval '1 day', now() + interval '30 days') RETURNING id`, [p.id, v.id]);
    await db.query(`INSERT INTO stakeholders (programme_id, name_en, institution) SELECT $1, 'S' || g, 'MFA' FROM generate_series(1, $2) g`, [p.id, n]);
    const sids = (await db.query(`SELECT id FROM stakeholders WHERE programme_id = $1`, [p.id])).map((r: { id: string }) => r.id);
    const tokens = sids.map(() => sha256(crypto.randomBytes(32).toString('base64url')));
    await db.query(`INSERT INTO invitations (wave_id, stakeholder_id, token_hash) SELECT $1, unnest($2::uuid[]), unnest($3::bytea[])`, [w.id, sids, tokens]);
    const invs: Array<{ id: string; token_hash: Buffer; stakeholder_id: string }> = await db.query(`SELECT id, token_hash, stakeholder_id FROM invitations WHERE wave_id = $1`, [w.id]);
    const ans = JSON.stringify(demoAnswers(DEMO_STAKEHOLDERS[0], prng(3), true));
    await db.query(`CREATE TABLE bench_bare (id bigserial PRIMARY KEY, body jsonb NOT NULL)`);
    await db.query('CHECKPOINT'); // full-page images of the first change after a checkpoint would count otherwise
    await c.connect();
    let k = 0;
    const calls: Record<string, () => [string, unknown[], string?]> = {
      'bare INSERT': () => [`INSERT INTO bench_bare (body) VALUES ($1)`, [ans]],
      'before: marsad_submit_invitation*': () => {
        const inv = invs[k++];
        return [`SELECT * FROM marsad_submit_invitation($1, $2, 'h', $3, 'en', $4)`, [inv.id, crypto.randomUUID(), ans, crypto.randomBytes(4).toString('hex')]];
      },
      'now: marsad_submit': () => {
        const inv = invs[k++];
        return [`SELECT * FROM marsad_submit($1, NULL, $2, $3, 'h', $4, 'en', $5)`, [inv.token_hash, v.id, crypto.randomUUID(), ans, crypto.randomBytes(4).toString('hex')]];
      },
      'now: marsad_submit, prepared': () => {
        const inv = invs[k++];
        return [`SELECT * FROM marsad_submit($1, NULL, $2, $3, 'h', $4, 'en', $5)`, [inv.token_hash, v.id, crypto.randomUUID(), ans, crypto.randomBytes(4).toString('hex')], 'submit'];
      },
      'same writes, one statement, no rules': () => {
        const inv = invs[k++];
        return [SAME_WRITES, [p.id, w.id, v.id, inv.id, inv.stakeholder_id, 'en', ans, crypto.randomUUID(), 'h', crypto.randomBytes(4).toString('hex')]];
      },
      'same writes, prepared': () => {
        const inv = invs[k++];
        return [SAME_WRITES, [p.id, w.id, v.id, inv.id, inv.stakeholder_id, 'en', ans, crypto.randomUUID(), 'h', crypto.randomBytes(4).toString('hex')], 'same'];
      },
      // diagnostic: what writing the answers once would save (submitted_answers '{}' instead of the same JSON again)
      'same writes, answers once (diagnostic)': () => {
        const inv = invs[k++];
        return [SAME_WRITES_ANSWERS_ONCE, [p.id, w.id, v.id, inv.id, inv.stakeholder_id, 'en', ans, crypto.randomUUID(), 'h', crypto.randomBytes(4).toString('hex')], 'once'];
      },
    };
    const call = async (x: Client, [text, values, name]: [string, unknown[], string?]) => x.query(name ? { name, text, values } : { text, values });
    const lsn = async () => (await c.query(`SELECT pg_current_wal_insert_lsn() AS l`)).rows[0].l as string;
    const walBytes = async (a: string, b: string) => Number((await c.query(`SELECT pg_wal_lsn_diff($2, $1)::bigint AS d`, [a, b])).rows[0].d);
    await c.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
    for (const [label, make] of Object.entries(calls)) {
      // WAL records of 100 calls, by kind (after a checkpoint: the first change of each page carries its full image)
      for (let i = 0; i < 20; i++) await call(c, make());
      const l0 = await lsn();
      await c.query('CHECKPOINT');
      for (let i = 0; i < 100; i++) await call(c, make());
      const stats = (await c.query(`SELECT "resource_manager/record_type" AS kind, count, record_size AS bytes, fpi_size
        FROM pg_get_wal_stats($1, $2, true)
       WHERE count > 0 AND "resource_manager/record_type" !~ '^(XLOG/CHECKPOINT|Standby/RUNNING_XACTS)' ORDER BY record_size + fpi_size DESC`, [l0, await lsn()])).rows;
      console.log(`WAL of one call, ${label}: ${stats.map((r) => `${r.kind} ×${(r.count / 100).toFixed(2)} ${(r.bytes / 100).toFixed(0)} B${r.fpi_size > 0 ? ` (+ page images ${(r.fpi_size / 100).toFixed(0)} B)` : ''}`).join(', ')}`);
    }
    for (const sync of ['off', 'on']) {
      await c.query(`SET synchronous_commit = ${sync}`);
      for (const [label, make] of Object.entries(calls)) {
        let best = Infinity, wal = 0;
        const cpu0 = pgCpu(pg.pid());
        for (let b = 0; b < BATCHES; b++) {
          const l0 = await lsn();
          const t0 = performance.now();
          for (let i = 0; i < PER_BATCH; i++) await call(c, make());
          best = Math.min(best, (performance.now() - t0) / PER_BATCH);
          wal += await walBytes(l0, await lsn());
        }
        console.log(`synchronous_commit=${sync}`.padEnd(24), label.padEnd(36), `${(best * 1000).toFixed(0).padStart(6)} µs (best batch)`,
          `${((pgCpu(pg.pid()) - cpu0) * 1e6 / BATCHES / PER_BATCH).toFixed(0).padStart(5)} µs PostgreSQL CPU/call`,
          sync === 'off' ? `${(wal / BATCHES / PER_BATCH).toFixed(0).padStart(6)} WAL bytes/call` : '');
      }
    }
    if (process.env.PARTS_CONCURRENT) {
      // 50 clients calling the function for 4 s: calls/s and PostgreSQL CPU per call, with and without the foreign-key
      // checks of the rows every submit shares (programme, wave, questionnaire version: FOR KEY SHARE → multixacts)
      const clients = await Promise.all(Array.from({ length: 50 }, async () => { const x = new Client({ connectionString: pg.url }); await x.connect(); return x; }));
      const round = async (label: string) => {
        let calls = 0;
        const cpu0 = pgCpu(pg.pid());
        const until = Date.now() + 4000;
        await Promise.all(clients.map(async (x) => { while (Date.now() < until) { const [sql, ps] = calls2(); await x.query(sql, ps); calls++; } }));
        console.log(`50 clients, ${label}`.padEnd(60), `${(calls / 4).toFixed(0)} calls/s`, `${((pgCpu(pg.pid()) - cpu0) * 1000 / calls).toFixed(3)} ms PostgreSQL CPU/call`);
      };
      const calls2 = calls['now: marsad_submit'];
      await round('marsad_submit');
      await db.query(`ALTER TABLE responses DROP CONSTRAINT responses_programme_id_fkey, DROP CONSTRAINT responses_wave_id_fkey,
        DROP CONSTRAINT responses_questionnaire_version_id_fkey, DROP CONSTRAINT responses_stakeholder_id_fkey`);
      await db.query(`ALTER TABLE audit_events DROP CONSTRAINT audit_events_programme_id_fkey`);
      await round('marsad_submit without the shared-parent foreign keys (experiment)');
      await Promise.all(clients.map((x) => x.end()));
    }
  } finally {
    await c.end().catch(() => undefined);
    await db.destroy();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
