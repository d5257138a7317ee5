// Fault injection: SIGTERM to a real Marsad process with 20 final submits in flight. Every request either commits and
// is acknowledged, or fails; nothing acknowledged is missing from the database afterwards, and a restarted process
// serves the respondents whose submit failed.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import baseline from '../../surveys/demo/baseline.json';
import { testEnv } from '../setup';
import { createProgramme, uniq } from '../helpers';
import { freePort } from '../../server/db/embedded';
import { sha256 } from '../../server/auth/passwords';
import { demoAnswers, DEMO_STAKEHOLDERS, prng } from '../../server/seed/demo';

const ROOT = path.resolve(__dirname, '..', '..');

function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: testEnv().databaseUrl, PORT: String(port), SEED_DEMO: 'false', JOBS: 'false', RATE_LIMITS: 'false', LOG_LEVEL: 'info' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30000);
    child.stdout!.on('data', (d) => { out += d; if (out.includes('listening on')) { clearTimeout(timer); resolve(child); } });
    child.stderr!.on('data', (d) => { out += d; });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${out}`)); });
  });
}

/** A raw HTTP submit that reports the status or the network error, never throws. */
function submit(port: number, token: string, body: string): Promise<{ status: number; receipt?: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/api/respond/submit', method: 'POST', agent: false,
      headers: { 'content-type': 'application/json', cookie: `marsad_resp=${token}`, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let data = '';
      res.on('data', (d) => { data += d; });
      res.on('end', () => { try { resolve({ status: res.statusCode!, receipt: JSON.parse(data).receiptCode }); } catch { resolve({ status: res.statusCode! }); } });
      res.on('error', (e) => resolve({ error: e.message }));
    });
    req.on('error', (e) => resolve({ error: e.message }));
    req.end(body);
  });
}

describe('faults: SIGTERM with submits in flight', function () {
  this.timeout(90000);
  const tokens: string[] = [];
  const bodies: string[] = [];

  before(async function () {
    if (process.env.DATABASE_URL) this.skip(); // kept with the other fault tests on the embedded server
    const db = testEnv().ctx.db;
    const p = { id: await createProgramme(uniq('T')) }; // through the API, as an administrator creates one
    const [q] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'q', 'Q') RETURNING id`, [p.id]);
    const [v] = await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, $2) RETURNING id`, [q.id, JSON.stringify(baseline)]);
    const [w] = await db.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, opens_at, closes_at)
      VALUES ($1, $2, 'endline', 'W', now() - interval '1 day', now() + interval '1 day') RETURNING id`, [p.id, v.id]);
    const rnd = prng(99);
    for (let i = 0; i < 20; i++) {
      const [s] = await db.query(`INSERT INTO stakeholders (programme_id, name_en, institution) VALUES ($1, $2, 'MFA') RETURNING id`, [p.id, `P${i}`]);
      const token = crypto.randomBytes(32).toString('base64url');
      await db.query(`INSERT INTO invitations (wave_id, stakeholder_id, token_hash) VALUES ($1, $2, $3)`, [w.id, s.id, sha256(token)]);
      tokens.push(token);
      bodies.push(JSON.stringify({ submissionId: crypto.randomUUID(), language: 'en', answers: demoAnswers(DEMO_STAKEHOLDERS[i], rnd, true) }));
    }
  });

  it('acknowledges only what it committed, and a restart serves the rest', async () => {
    const db = testEnv().ctx.db;
    const port = await freePort();
    const child = await startServer(port);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const inFlight = tokens.map((t, i) => submit(port, t, bodies[i]));
    await new Promise((r) => setTimeout(r, 3));
    child.kill('SIGTERM');
    const results = await Promise.all(inFlight);
    assert.equal(await exited, 0, 'graceful exit');
    const acked = results.flatMap((r, i) => ('status' in r && r.status === 200 ? [{ i, receipt: r.receipt }] : []));
    const failed = results.flatMap((r, i) => ('status' in r && r.status === 200 ? [] : [i]));
    for (const r of results) if ('status' in r && r.status !== 200) assert.equal(r.status, 503, JSON.stringify(r));
    // every acknowledged submit is stored, complete, with the receipt the client got
    for (const a of acked) {
      const rows = await db.query(`SELECT r.status, r.receipt_code FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE i.token_hash = $1`, [sha256(tokens[a.i])]);
      assert.deepEqual(rows, [{ status: 'complete', receipt_code: a.receipt }]);
    }
    // the ones that failed are retried on a restarted process: each succeeds exactly once
    const again = await startServer(port);
    try {
      const retried = await Promise.all(failed.map((i) => submit(port, tokens[i], bodies[i])));
      for (const r of retried) assert.ok('status' in r && r.status === 200, JSON.stringify(r));
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM responses r JOIN invitations i ON i.id = r.invitation_id
        WHERE i.token_hash = ANY($1) AND r.status = 'complete'`, [tokens.map((t) => sha256(t))]);
      assert.equal(n, 20);
      console.log(`      SIGTERM: ${acked.length} acknowledged before exit, ${failed.length} refused and retried`);
    } finally {
      again.kill('SIGTERM');
      await new Promise((r) => again.once('exit', r));
    }
  });
});
