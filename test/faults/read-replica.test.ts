// Read replica (DATABASE_READ_URL): a real PostgreSQL 15 primary and a streaming standby made in the test with
// pg_basebackup -R. With replay paused on the standby, a write through the API is visible at once on a
// read-after-write page (primary) and not on a dashboard route (replica); after replay resumes, both agree.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import request from 'supertest';
import pg from 'pg';
import { startMarsad, type Marsad } from '../../server/boot';
import { loadConfig } from '../../server/config';
import { freePort } from '../../server/db/embedded';

const BIN = '/usr/lib/postgresql/15/bin';
const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program (as the postgres OS user when we are root: PostgreSQL refuses root). */
function pgRun(program: string, args: string[]): void {
  const cmd = asRoot ? 'runuser' : path.join(BIN, program);
  const argv = asRoot ? ['-u', 'postgres', '--', path.join(BIN, program), ...args] : args;
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
}

async function query(url: string, sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return (await c.query(sql, params)).rows; } finally { await c.end(); }
}

describe('faults: read replica (DATABASE_READ_URL)', function () {
  this.timeout(120000);
  let dir = '';
  let primaryPort = 0;
  let replicaPort = 0;
  let marsad: Marsad | undefined;

  before(async function () {
    if (!fs.existsSync(path.join(BIN, 'pg_basebackup'))) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-replica-'));
    if (asRoot) spawnSync('chown', ['postgres:postgres', dir]);
    primaryPort = await freePort(55400);
    replicaPort = await freePort(primaryPort + 1);
    const primary = path.join(dir, 'primary');
    const replica = path.join(dir, 'replica');
    pgRun('initdb', ['-D', primary, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
    fs.appendFileSync(path.join(primary, 'postgresql.conf'),
      `\nport = ${primaryPort}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nwal_level = replica\nmax_wal_senders = 4\nfsync = off\n`);
    fs.appendFileSync(path.join(primary, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 trust\n');
    pgRun('pg_ctl', ['-D', primary, '-w', '-l', path.join(dir, 'primary.log'), 'start']);
    await query(`postgres://postgres@127.0.0.1:${primaryPort}/postgres`, 'CREATE DATABASE marsad');
    pgRun('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replica, '-R', '-X', 'stream', '-c', 'fast']);
    fs.appendFileSync(path.join(replica, 'postgresql.conf'), `\nport = ${replicaPort}\nhot_standby = on\n`);
    pgRun('pg_ctl', ['-D', replica, '-w', '-l', path.join(dir, 'replica.log'), 'start']);
  });

  after(async () => {
    await marsad?.stop();
    for (const d of ['replica', 'primary']) {
      if (dir && fs.existsSync(path.join(dir, d, 'postmaster.pid'))) {
        try { pgRun('pg_ctl', ['-D', path.join(dir, d), '-m', 'immediate', 'stop']); } catch { /* already down */ }
      }
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('dashboards read the replica, read-after-write pages the primary', async () => {
    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/marsad`;
    const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/marsad`;
    assert.deepEqual(await query(replicaUrl, 'SELECT pg_is_in_recovery() AS r'), [{ r: true }], 'a real standby');
    const password = 'replica-admin-password-1';
    marsad = await startMarsad({
      listen: false, log: () => undefined,
      config: loadConfig({ ...process.env, DATABASE_URL: primaryUrl, DATABASE_READ_URL: replicaUrl, SEED_DEMO: 'true', JOBS: 'false',
        ADMIN_EMAIL: 'admin@replica.test', ADMIN_PASSWORD: password, LOG_LEVEL: 'silent', SMTP_URL: '' }),
    });
    assert.ok(marsad.ctx.readDb, 'a second pool on the replica');
    const agent = request.agent(marsad.app.app);
    const login = await agent.post('/api/auth/login').send({ email: 'admin@replica.test', password });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const csrf: string = login.body.csrfToken;
    const [{ id: pid }] = await query(primaryUrl, `SELECT id FROM programmes WHERE code = 'LMF'`);
    // wait until the standby has replayed the seed
    for (let i = 0; i < 100; i++) {
      if ((await query(replicaUrl, `SELECT count(*)::int AS n FROM activities`))[0].n === 12) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const summary = async () => (await agent.get(`/api/programmes/${pid}/activities/summary`).expect(200)).body.activities as number;
    const listed = async () => (await agent.get(`/api/programmes/${pid}/activities`).expect(200)).body.items.length as number;
    assert.equal(await summary(), 10, 'ten held activities in the demo');
    assert.equal(await listed(), 12);

    await query(replicaUrl, 'SELECT pg_wal_replay_pause()');
    await agent.post(`/api/programmes/${pid}/activities`).set('X-CSRF-Token', csrf)
      .send({ titleEn: 'Replica check', kind: 'meeting', startDate: '2022-01-20', participants: { women: 1, men: 1 } }).expect(201);
    assert.equal(await listed(), 13, 'the page after the write reads the primary');
    assert.equal(await summary(), 10, 'the dashboard reads the paused replica');
    await query(replicaUrl, 'SELECT pg_wal_replay_resume()');
    let caughtUp = 0;
    for (let i = 0; i < 100 && caughtUp !== 11; i++) { await new Promise((r) => setTimeout(r, 100)); caughtUp = await summary(); }
    assert.equal(caughtUp, 11, 'after replay the dashboard shows the new activity');
  });
});
