// Fault injection against the real embedded PostgreSQL: the postmaster killed (immediate shutdown) and restarted by the
// supervisor, 200 parallel requests on a pool of 10 while it is down, and app backends terminated mid-request.
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { testEnv } from '../setup';
import { createUser, loginAs, uniq, USER_PASSWORD } from '../helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/** Immediate shutdown (SIGQUIT: the postmaster stops its backends and exits); resolves once it is gone. */
async function killPostgres(): Promise<number> {
  const pid = testEnv().embedded!.pid();
  assert.ok(pid, 'embedded postgres pid');
  process.kill(pid, 'SIGQUIT');
  for (let i = 0; alive(pid) && i < 500; i++) await sleep(10);
  assert.ok(!alive(pid), 'postmaster still running');
  return pid;
}

async function waitReady(base: string, withinMs = 30000): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const r = await fetch(`${base}/api/ready`).catch(() => undefined);
    if (r?.status === 200) return Date.now() - t0;
    if (Date.now() - t0 > withinMs) throw new Error('database did not come back');
    await sleep(100);
  }
}

/** Every error body is a catalogue error without internals (no stack, no SQL, no driver message). */
function assertCleanError(status: number, body: any) {
  assert.ok(status === 503, `status ${status}: ${JSON.stringify(body)}`);
  assert.ok(['database.unavailable', 'database.retry'].includes(body.code), JSON.stringify(body));
  assert.doesNotMatch(JSON.stringify(body), /stack|terminat|ECONN|SELECT|INSERT|at \/|\.ts:/i);
}

describe('faults: database outage and lost backends', function () {
  this.timeout(60000);
  let base: string;
  let cookie: string;
  let csrf: string;
  let programmeId: string;

  before(async function () {
    if (!testEnv().embedded) this.skip(); // needs the embedded server to kill (DATABASE_URL runs skip these)
    base = await testEnv().listen();
    const officer = await loginAs('officer');
    programmeId = officer.programmeId;
    const u = await createUser({ programmeId, role: 'officer' });
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: u.email, password: USER_PASSWORD }) });
    assert.equal(res.status, 200);
    cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    csrf = (await res.json()).csrfToken;
  });

  afterEach(async function () {
    if (testEnv().embedded) await waitReady(base);
  });

  const get = (path: string) => fetch(`${base}${path}`, { headers: { cookie } });
  const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('Postgres down: /api/ready answers 503 fast, the process stays up, and readiness comes back with the restarted server', async () => {
    assert.equal((await fetch(`${base}/api/ready`)).status, 200);
    const oldPid = await killPostgres();
    const t0 = Date.now();
    const r = await fetch(`${base}/api/ready`);
    const ms = Date.now() - t0;
    assertCleanError(r.status, await r.json());
    assert.ok(ms < 1500, `503 took ${ms} ms`);
    assert.equal((await fetch(`${base}/api/health`)).status, 200, 'the process answers without its database');
    const back = await waitReady(base);
    assert.ok(back < 30000);
    assert.notEqual(testEnv().embedded!.pid(), oldPid, 'a new postmaster');
    const g = await get(`/api/programmes/${programmeId}/glossary`);
    assert.equal(g.status, 200, 'requests work again without restarting the app');
  });

  it('200 parallel requests on a pool of 10 while the database is down all finish, with 503, within a bound', async () => {
    const burst = async () => {
      const t0 = Date.now();
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
        (i % 4 === 0 ? post(`/api/programmes/${programmeId}/glossary`, { termEn: uniq('burst '), termAr: 'مصطلح' }) : get(`/api/programmes/${programmeId}/glossary`))
          .then(async (r) => ({ status: r.status, body: await r.json() }))));
      return { results, ms: Date.now() - t0 };
    };
    // the same burst with the database up: what this machine needs for 200 requests (CI machines are often loaded)
    const up = await burst();
    assert.ok(up.results.every((r) => r.status === 200 || r.status === 201));
    const [before] = await testEnv().ctx.db.query(`SELECT count(*)::int AS n FROM glossary_terms WHERE programme_id = $1`, [programmeId]);
    await killPostgres();
    const down = await burst();
    const bound = Math.max(5000, 1.5 * up.ms + 1000);
    console.log(`      200 requests: ${up.ms} ms with the database, ${down.ms} ms without (bound ${bound} ms); ${JSON.stringify(down.results.reduce((m: Record<number, number>, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {}))}`);
    assert.ok(down.ms < bound, `took ${down.ms} ms`);
    // the supervisor restarts Postgres after 1 s: on a slow machine the last requests may already succeed
    const failed = down.results.filter((r) => r.status !== 200 && r.status !== 201);
    assert.ok(failed.length >= 100, `only ${failed.length} refused`);
    for (const r of failed) assertCleanError(r.status, r.body);
    await waitReady(base);
    const [after] = await testEnv().ctx.db.query(`SELECT count(*)::int AS n FROM glossary_terms WHERE programme_id = $1`, [programmeId]);
    assert.equal(after.n - before.n, down.results.filter((r, i) => i % 4 === 0 && r.status === 201).length, 'only acknowledged writes are stored');
  });

  it('backends terminated mid-request: no 500 and no leaked internals, the process survives, a retried request succeeds', async () => {
    const admin = new Client({ connectionString: testEnv().databaseUrl });
    await admin.connect();
    try {
      // hold every request inside the database: an exclusive lock on the table they read and write
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE glossary_terms IN ACCESS EXCLUSIVE MODE');
      const terms = Array.from({ length: 10 }, () => uniq('mid '));
      const pending = [
        ...terms.map((t) => post(`/api/programmes/${programmeId}/glossary`, { termEn: t, termAr: 'مصطلح' })),
        ...Array.from({ length: 10 }, () => get(`/api/programmes/${programmeId}/glossary`)),
      ].map((p) => p.then(async (r) => ({ status: r.status, body: await r.json() })));
      let waiting = 0;
      for (let i = 0; i < 200 && waiting < 10; i++) {
        await sleep(50);
        await admin.query('SELECT pg_stat_clear_snapshot()'); // statistics are a snapshot per transaction
        [{ waiting }] = (await admin.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`)).rows;
      }
      assert.equal(waiting, 10, 'every pooled connection is busy in the database');
      await admin.query('SELECT pg_stat_clear_snapshot()');
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`);
      assert.ok(killed.rows.length >= waiting, `terminated ${killed.rows.length}`);
      await admin.query('COMMIT');
      const results = await Promise.all(pending);
      for (const r of results) if (r.status !== 200 && r.status !== 201) assertCleanError(r.status, r.body);
      assert.ok(!results.some((r) => r.status === 500));
      // writes are retried by the transaction wrapper; whatever failed succeeds when the client retries
      for (const [i, t] of terms.entries()) {
        if (results[i].status === 201) continue;
        const again = await post(`/api/programmes/${programmeId}/glossary`, { termEn: t, termAr: 'مصطلح' });
        assert.ok(again.status === 201 || (again.status === 409 && (await again.json()).code === 'resource.conflict'), `retry ${again.status}`);
      }
      const rows = await testEnv().ctx.db.query(`SELECT term_en, count(*)::int AS n FROM glossary_terms WHERE programme_id = $1 AND term_en = ANY($2) GROUP BY term_en`, [programmeId, terms]);
      assert.equal(rows.length, 10, 'every term stored');
      assert.ok(rows.every((r: { n: number }) => r.n === 1), 'none twice');
      const again = await get(`/api/programmes/${programmeId}/glossary`);
      assert.equal(again.status, 200, 'a retried read succeeds');
      assert.equal((await fetch(`${base}/api/health`)).status, 200);
      console.log(`      statuses after termination: ${JSON.stringify(results.reduce((m: Record<number, number>, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {}))}`);
    } finally {
      await admin.end().catch(() => undefined);
    }
  });
});
