// diagnostic: where a submit's database time goes
import os from 'node:os'; import fs from 'node:fs'; import path from 'node:path'; import crypto from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../server/db/embedded';
import { loadConfig } from '../server/config';
import { initDataSource } from '../server/boot';
import { runMigrations } from '../server/db/data-source';
import baseline from '../surveys/demo/baseline.json';
import { DEMO_STAKEHOLDERS, demoAnswers, prng } from '../server/seed/demo';
import { sha256 } from '../server/auth/passwords';
const N = 3000;
async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-parts-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
  const config = loadConfig({ ...process.env, DATABASE_URL: pg.url, LOG_LEVEL: 'silent', JOBS: 'false', RATE_LIMITS: 'false' });
  const db = await initDataSource(pg.url, config, () => undefined);
  await runMigrations(db);
  const [p] = await db.query(`INSERT INTO programmes (code, name_en) VALUES ('BENCH', 'Bench') RETURNING id`);
  const [q] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'q', 'Q') RETURNING id`, [p.id]);
  const [v] = await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, $2) RETURNING id`, [q.id, JSON.stringify(baseline)]);
  const [w] = await db.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, opens_at, closes_at)
      VALUES ($1, $2, 'endline', 'Bench', now() - interval '1 day', now() + interval '30 days') RETURNING id`, [p.id, v.id]);
  await db.query(`INSERT INTO stakeholders (programme_id, name_en, institution) SELECT $1, 'S' || g, 'MFA' FROM generate_series(1, $2) g`, [p.id, N * 4]);
  const sids = (await db.query(`SELECT id FROM stakeholders WHERE programme_id = $1`, [p.id])).map((r: { id: string }) => r.id);
  const tokens = sids.map(() => crypto.randomBytes(32).toString('base64url'));
  await db.query(`INSERT INTO invitations (wave_id, stakeholder_id, token_hash) SELECT $1, unnest($2::uuid[]), unnest($3::bytea[])`, [w.id, sids, tokens.map((t: string) => sha256(t))]);
  const invs = (await db.query(`SELECT id, token_hash FROM invitations WHERE wave_id = $1`, [w.id])) as Array<{ id: string; token_hash: Buffer }>;
  const ans = JSON.stringify(demoAnswers(DEMO_STAKEHOLDERS[0], prng(3), true));
  console.log('answers bytes', ans.length);
  await db.query(`CREATE TABLE bench_bare (id bigserial PRIMARY KEY, body jsonb NOT NULL)`);
  const c = new Client({ connectionString: pg.url }); await c.connect();
  let k = 0;
  const time = async (label: string, n: number, fn: () => Promise<unknown>) => {
    const t0 = performance.now(); for (let i = 0; i < n; i++) await fn(); const ms = (performance.now() - t0) / n;
    console.log(label.padEnd(60), (ms * 1000).toFixed(0).padStart(6), 'µs'); return ms;
  };
  const fnCall = process.env.PARTS_CALL ?? `SELECT * FROM marsad_submit_invitation($1, $2, $3, $4, 'en', $5)`;
  const args = (inv: { id: string; token_hash: Buffer }) => process.env.PARTS_CALL ? JSON.parse(process.env.PARTS_ARGS!).map((a: string) => a === 'inv' ? inv.id : a === 'hash' ? inv.token_hash : a === 'sub' ? crypto.randomUUID() : a === 'ans' ? ans : a === 'ver' ? v.id : a === 'rc' ? crypto.randomBytes(4).toString('hex') : a)
    : [inv.id, crypto.randomUUID(), 'h', ans, crypto.randomBytes(4).toString('hex')];
  for (const sync of ['on', 'off']) {
    await c.query(`SET synchronous_commit = ${sync}`);
    await time(`sync=${sync} SELECT 1`, 2000, () => c.query('SELECT 1'));
    await time(`sync=${sync} bare INSERT (autocommit)`, N / 2, () => c.query(`INSERT INTO bench_bare (body) VALUES ($1)`, [ans]));
    await time(`sync=${sync} submit function (autocommit)`, N / 2, () => { const inv = invs[k++]; return c.query(fnCall, args(inv)); });
  }
  await c.query(`SET synchronous_commit = on`);
  // the pieces, each a statement in one transaction rolled back (no commit cost), minus a SELECT 1 round trip
  const pieces: Array<[string, (inv: { id: string; token_hash: Buffer }) => [string, unknown[]]]> = [
    ['resolve: invitations+waves+stakeholders by token_hash', (i) => [`SELECT i.id, i.stakeholder_id, s.preferred_language, w.* FROM invitations i JOIN waves w ON w.id = i.wave_id JOIN stakeholders s ON s.id = i.stakeholder_id WHERE i.token_hash = $1 AND i.revoked_at IS NULL FOR UPDATE OF i`, [i.token_hash]]],
    ['select response FOR UPDATE', (i) => [`SELECT * FROM responses WHERE invitation_id = $1 FOR UPDATE`, [i.id]]],
    ['INSERT responses (complete, answers x2)', (i) => [`INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, invitation_id, status, language, answers, submitted_answers, submitted_at, client_submission_id, submission_hash, receipt_code) VALUES ($1,$2,$3,$4,'complete','en',$5,$5,now(),gen_random_uuid(),'h',md5(random()::text))`, [p.id, w.id, v.id, i.id, ans]]],
    ['INSERT invitation_events started', (i) => [`INSERT INTO invitation_events (invitation_id, kind) VALUES ($1, 'started')`, [i.id]]],
    ['UPDATE invitations status', (i) => [`UPDATE invitations SET status = 'completed', updated_at = now() WHERE id = $1`, [i.id]]],
    ['INSERT invitation_events completed', (i) => [`INSERT INTO invitation_events (invitation_id, kind) VALUES ($1, 'completed')`, [i.id]]],
    ['INSERT audit_events', (i) => [`INSERT INTO audit_events (actor_kind, action, programme_id, target_type, target_id, details) VALUES ('respondent','response.submit',$1,'response',$2::text, jsonb_build_object('waveId',$3::uuid,'invitationId',$2::uuid,'submissionId',gen_random_uuid()))`, [p.id, i.id, w.id]]],
  ];
  const sums = new Map<string, number>(); const R = 400; let base = 0;
  for (let r = 0; r < R; r++) {
    const inv = invs[k++];
    await c.query('BEGIN');
    let t = performance.now(); await c.query('SELECT 1'); base += performance.now() - t;
    for (const [label, f] of pieces) { const [sql, ps] = f(inv); t = performance.now(); await c.query(sql, ps); sums.set(label, (sums.get(label) ?? 0) + performance.now() - t); }
    await c.query('ROLLBACK');
  }
  console.log('per-statement (round trip of SELECT 1 subtracted):', ((base / R) * 1000).toFixed(0), 'µs round trip');
  for (const [l, s] of sums) console.log('  ', l.padEnd(58), ((s / R - base / R) * 1000).toFixed(0).padStart(6), 'µs');
  await c.end(); await db.destroy(); await pg.stop(); fs.rmSync(dir, { recursive: true, force: true });
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
