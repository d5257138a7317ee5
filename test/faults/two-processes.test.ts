// Two Marsad processes on one empty database (issue #20 "more than one instance"): both started at once (migrations,
// first administrator and job runner race), set up through the HTTP API of either, behind one real SMTP server. Checks
// shared sessions, each mail delivered once with both mail workers live, a reminder round (clicked on both, and from
// the schedule) reaching each non-respondent once, a draft saved on one and submitted on the other (a retry on either
// gets the same receipt), and failed logins spread over both reaching the one limit.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PgBoss from 'pg-boss';
import { Client as PgClient } from 'pg';
import { testEnv } from '../setup';
import { freePort } from '../../server/db/embedded';
import { startSmtp, type TestSmtp } from '../smtp';
import { QUEUE_MAIL, QUEUE_ROUND, QUEUE_TICK } from '../../server/services/jobs';
import { startAppProcess, Client, type AppProcess } from './app-process';

const ADMIN = { email: 'first-admin@two.test', password: 'first-admin-password-2' };
const OFFICER = { email: 'officer@two.test', password: 'officer-password-42' };
const PEOPLE = ['amal', 'badr', 'chama', 'driss'].map((n) => `${n}@two.test`);
const DAY = 86400000;
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DEFINITION = {
  title: { default: 'Two processes', ar: 'عمليتان' },
  pages: [{ name: 'p1', elements: [
    { type: 'radiogroup', name: 'q1', title: { default: 'Was the training useful?', ar: 'هل كان التدريب مفيدًا؟' }, isRequired: true,
      choices: [{ value: 'yes', text: { default: 'Yes', ar: 'نعم' } }, { value: 'no', text: { default: 'No', ar: 'لا' } }] },
    { type: 'comment', name: 'q2', title: { default: 'Why?', ar: 'لماذا؟' } },
  ] }],
};

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('faults: two app processes on one database', function () {
  this.timeout(120000);
  const dbName = `marsad_two_${process.pid}_${Date.now().toString(36)}`;
  let dbUrl = '';
  let smtp: TestSmtp;
  let dataDir = '';
  let a: AppProcess | undefined;
  let b: AppProcess | undefined;
  const officer = new Client();
  let pid = '';
  let waveId = '';
  const links = new Map<string, string>(); // email → invitation link from the mail

  const q = async (sql: string, params: unknown[] = []) => {
    const c = new PgClient({ connectionString: dbUrl });
    await c.connect();
    try { return (await c.query(sql, params)).rows; } finally { await c.end(); }
  };
  /** mails the SMTP server received for an address */
  const received = (to: string) => smtp.messages.filter((m) => m.to.includes(to));
  /** waits until every queued delivery and round job has finished, so no further send can come */
  const settled = () => until('mail and round jobs to finish', async () => {
    const [r] = await q(`SELECT (SELECT count(*)::int FROM mail_messages WHERE status IN ('queued', 'sending')) AS mails,
      (SELECT count(*)::int FROM pgboss.job WHERE name = ANY($1) AND state NOT IN ('completed', 'failed', 'cancelled')) AS jobs`, [[QUEUE_MAIL, QUEUE_ROUND]]);
    return r.mails === 0 && r.jobs === 0;
  });

  before(async () => {
    const admin = new PgClient({ connectionString: testEnv().databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(testEnv().databaseUrl);
    u.pathname = `/${dbName}`;
    dbUrl = u.toString();
    smtp = await startSmtp();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-two-'));
    const [portA, portB] = [await freePort(), await freePort()];
    // two hosts: each its own DATA_DIR, the one MARSAD_SECRET every instance must share (it seals invitation links)
    const env = (name: string): Record<string, string | undefined> => ({
      DATABASE_URL: dbUrl, SEED_DEMO: 'false', JOBS: 'true', RATE_LIMITS: 'true', SMTP_URL: smtp.url, LOG_LEVEL: 'info',
      ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, DATA_DIR: path.join(dataDir, name), HOST: '127.0.0.1',
      MARSAD_SECRET: 'two-processes-shared-secret-0123456789', PUBLIC_URL: undefined,
    });
    const started = await Promise.allSettled([startAppProcess('A', portA, env('a')), startAppProcess('B', portB, env('b'))]);
    if (started[0].status === 'fulfilled') a = started[0].value;
    if (started[1].status === 'fulfilled') b = started[1].value;
    for (const s of started) if (s.status === 'rejected') throw s.reason;
  });

  after(async function () {
    this.timeout(60000);
    const codes = await Promise.all([a?.stop(), b?.stop()]); // SIGTERM, SIGKILL after 15 s
    await smtp?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (dbUrl) {
      const c = new PgClient({ connectionString: testEnv().databaseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    }
    if (a && b) assert.deepEqual(codes, [0, 0], `graceful exits:\n${a.output()}\n${b.output()}`);
  });

  it('starts both at once on an empty database: one schema, one first administrator', async () => {
    const [users] = await q(`SELECT count(*)::int AS n, count(*) FILTER (WHERE is_admin)::int AS admins FROM users`);
    assert.deepEqual(users, { n: 1, admins: 1 });
    const firsts = [a!, b!].filter((p) => p.output().includes('first administrator created'));
    assert.equal(firsts.length, 1, 'exactly one process created the administrator');
    const [m] = await q(`SELECT count(*)::int AS n, count(DISTINCT name)::int AS d FROM migrations`);
    assert.equal(m.n, m.d, 'each migration ran once');
    assert.equal([a!, b!].filter((p) => p.output().includes('migrations applied')).length, 1, 'one process applied them, the other waited and found none left');
  });

  it('sets up a programme through either process: an officer session made on A works on B', async () => {
    const root = new Client();
    root.csrf = String((await root.ok(a!.base, 'post', '/api/auth/login', ADMIN)).csrfToken);
    pid = String((await root.ok(b!.base, 'post', '/api/programmes', { code: 'TWO', nameEn: 'Two processes', nameAr: 'عمليتان',
      startsOn: '2026-01-01', endsOn: '2027-12-31', periods: 'none' })).id);
    await root.ok(a!.base, 'post', `/api/programmes/${pid}/members`, { email: OFFICER.email, name: 'Officer', role: 'officer' });
    const mail = (await smtp.waitFor(1, 15000)).find((m) => m.to.includes(OFFICER.email));
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    assert.ok(token, 'the set-password mail carries its token');
    await new Client().ok(b!.base, 'post', '/api/auth/set-password', { token, password: OFFICER.password });

    officer.csrf = String((await officer.ok(a!.base, 'post', '/api/auth/login', OFFICER)).csrfToken);
    const me = await officer.call(b!.base, 'get', '/api/auth/me');
    assert.equal(me.status, 200, 'the session made on A is known to B');
    const qn = await officer.ok(b!.base, 'post', `/api/programmes/${pid}/questionnaires`, { code: 'two', titleEn: 'Two', titleAr: 'اثنان', definition: DEFINITION });
    const v = await officer.ok(a!.base, 'post', `/api/programmes/${pid}/questionnaires/${String(qn.id)}/publish`);
    waveId = String((await officer.ok(b!.base, 'post', `/api/programmes/${pid}/waves`, {
      questionnaireVersionId: v.id, kind: 'baseline', nameEn: 'Baseline', nameAr: 'خط الأساس', opensAt: iso(-DAY), closesAt: iso(30 * DAY) })).id);
    const ids: string[] = [];
    for (const [i, email] of PEOPLE.entries()) {
      const s = await officer.ok(i % 2 ? a!.base : b!.base, 'post', `/api/programmes/${pid}/stakeholders`,
        { nameEn: email.split('@')[0], institution: 'MFA', email });
      ids.push(String(s.id));
    }
    const inv = await officer.ok(a!.base, 'post', `/api/programmes/${pid}/waves/${waveId}/invitations`, { stakeholderIds: ids, mode: 'mail' });
    assert.equal(inv.mailed, 4);
  });

  it('mails each invitation once with both mail workers live', async () => {
    await until('4 invitation mails', async () => PEOPLE.every((p) => received(p).length >= 1));
    await settled();
    for (const p of PEOPLE) {
      assert.equal(received(p).length, 1, `one invitation to ${p}`);
      const link = /https?:\/\/[^\s"<>]+\/r\/([A-Za-z0-9_-]+)/.exec(received(p)[0].text)?.[1];
      assert.ok(link, `the mail to ${p} carries its link`);
      links.set(p, link);
    }
    const rows = await q(`SELECT i.status, count(e.*) FILTER (WHERE e.kind = 'mail_sent')::int AS sent FROM invitations i
      LEFT JOIN invitation_events e ON e.invitation_id = i.id GROUP BY i.id, i.status`);
    assert.deepEqual(rows, PEOPLE.map(() => ({ status: 'sent', sent: 1 })));
  });

  it('takes a draft saved on A and the submit on B; a retry on either returns the same receipt', async () => {
    const resp = new Client();
    const opened = await resp.call(a!.base, 'get', `/r/${links.get(PEOPLE[0])}`);
    assert.equal(opened.status, 303);
    assert.ok(resp.cookies.get('marsad_resp'), 'the link sets the respondent cookie');
    const draft = await resp.call(a!.base, 'put', '/api/respond/draft', { seq: 1, currentPage: 0, language: 'ar', answers: { q2: 'مفيد' } });
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    const session = await resp.ok(b!.base, 'get', '/api/respond/session');
    assert.deepEqual([session.status, session.answers, session.language], ['draft', { q2: 'مفيد' }, 'ar'], 'B resumes the draft saved on A');

    const submission = { submissionId: crypto.randomUUID(), language: 'ar', answers: { q1: 'yes', q2: 'مفيد' } };
    const first = await resp.call(b!.base, 'post', '/api/respond/submit', submission);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const receipt = first.body.receiptCode;
    assert.match(String(receipt), /\S{6,}/);
    const retries = await Promise.all([resp.call(a!.base, 'post', '/api/respond/submit', submission),
      resp.call(a!.base, 'post', '/api/respond/submit', submission), resp.call(b!.base, 'post', '/api/respond/submit', submission)]);
    assert.deepEqual(retries.map((r) => [r.status, r.body.receiptCode]), [[200, receipt], [200, receipt], [200, receipt]]);

    const rows = await q(`SELECT r.status, r.receipt_code, r.client_submission_id, r.answers, r.language, i.status AS inv FROM responses r
      JOIN invitations i ON i.id = r.invitation_id JOIN stakeholders s ON s.id = i.stakeholder_id WHERE s.email = $1`, [PEOPLE[0]]);
    assert.deepEqual(rows, [{ status: 'complete', receipt_code: receipt, client_submission_id: submission.submissionId,
      answers: submission.answers, language: 'ar', inv: 'completed' }]);
    const [ev] = await q(`SELECT count(*) FILTER (WHERE e.kind = 'completed')::int AS completed, count(*) FILTER (WHERE e.kind = 'started')::int AS started
      FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id JOIN stakeholders s ON s.id = i.stakeholder_id WHERE s.email = $1`, [PEOPLE[0]]);
    assert.deepEqual(ev, { completed: 1, started: 1 });
    assert.equal((await resp.call(b!.base, 'get', `/r/${links.get(PEOPLE[0])}`)).status, 404, 'a used link is not valid on either');
  });

  it('delivers a reminder round once per non-respondent: clicked on both processes, then from the schedule', async () => {
    const wave = `/api/programmes/${pid}/waves/${waveId}`;
    const preview = await officer.ok(b!.base, 'get', `${wave}/reminders/preview`);
    assert.deepEqual([preview.round, preview.recipients], [1, 3]);
    // the same previewed round sent from both processes at once (two officers, or one double click behind a load balancer)
    const sends = await Promise.all([a!, b!].map((p) => officer.call(p.base, 'post', `${wave}/reminders/send`, { round: 1 })));
    assert.deepEqual(sends.map((s) => s.status), [200, 200], JSON.stringify(sends.map((s) => s.body)));
    assert.deepEqual(sends.map((s) => s.body.sent).sort(), [0, 3]);

    // the scheduled round: due now; the cron's minute tick is sent twice at once, so both processes' tick workers claim
    const sched = await officer.ok(a!.base, 'post', `${wave}/reminder-schedules`, { everyDays: 7, maxRounds: 2, firstRunAt: iso(-1000) });
    const boss = new PgBoss({ connectionString: dbUrl, schema: 'pgboss', supervise: false, schedule: false, migrate: false, max: 2 });
    await boss.start();
    let tickIds: Array<string | null> = [];
    try { tickIds = await Promise.all([boss.send(QUEUE_TICK, {}), boss.send(QUEUE_TICK, {})]); } finally { await boss.stop({ graceful: false }); }
    await until('the scheduled round', async () => (await q(`SELECT rounds_sent FROM reminder_schedules WHERE id = $1`, [sched.id]))[0].rounds_sent === 1);
    await until('6 reminder mails', async () => PEOPLE.slice(1).every((p) => received(p).length >= 3));
    await settled();

    for (const p of PEOPLE.slice(1)) {
      const mails = received(p).slice(1); // after the invitation
      const ids = mails.map((m) => String(m.headers.get('x-marsad-message-id')));
      assert.equal(new Set(ids).size, ids.length, `no message twice to ${p}`);
      const rows = await q(`SELECT reminder_round AS round, status FROM mail_messages WHERE id = ANY($1::uuid[]) ORDER BY reminder_round`, [ids]);
      assert.deepEqual(rows, [{ round: 1, status: 'sent' }, { round: 2, status: 'sent' }], `one reminder per round to ${p}`);
    }
    assert.equal(received(PEOPLE[0]).length, 1, 'the respondent who submitted gets no reminder');
    const events = await q(`SELECT e.reminder_round AS round, count(*)::int AS n FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id
      WHERE i.wave_id = $1 AND e.kind = 'reminder_sent' GROUP BY 1 ORDER BY 1`, [waveId]);
    assert.deepEqual(events, [{ round: 1, n: 3 }, { round: 2, n: 3 }]);
    const [mails] = await q(`SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'sent')::int AS sent FROM mail_messages WHERE kind = 'reminder'`);
    assert.deepEqual(mails, { n: 6, sent: 6 });
    const [s] = await q(`SELECT rounds_sent FROM reminder_schedules WHERE id = $1`, [sched.id]);
    assert.equal(s.rounds_sent, 1, 'two ticks claimed the due schedule once');
    await until('both ticks to finish', async () => (await q(`SELECT count(*)::int AS n FROM pgboss.job WHERE id = ANY($1::uuid[]) AND state = 'completed'`, [tickIds]))[0].n === 2);
    const ran = [a!, b!].map((p) => p.output().match(new RegExp(`reminder round 2 of wave ${waveId}: \\d+ sent`, 'g')) ?? []);
    assert.deepEqual(ran.flat(), [`reminder round 2 of wave ${waveId}: 3 sent`], 'one process ran the scheduled round, once');
    assert.deepEqual(await q(`SELECT i.status FROM invitations i WHERE i.wave_id = $1 AND i.revoked_at IS NULL ORDER BY i.status`, [waveId]),
      [{ status: 'completed' }, { status: 'sent' }, { status: 'sent' }, { status: 'sent' }], 'no link was replaced');
  });

  it('refuses the 11th failed login whichever process the attempts reached, and a logout on B ends the session on A', async () => {
    const guesser = new Client();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await guesser.call(i % 2 ? b!.base : a!.base, 'post', '/api/auth/login', { email: OFFICER.email, password: `wrong-password-${i}` })).status);
    }
    assert.deepEqual(statuses, Array(10).fill(401));
    for (const p of [a!, b!]) {
      for (const password of ['wrong-password-x', OFFICER.password]) {
        const r = await guesser.call(p.base, 'post', '/api/auth/login', { email: OFFICER.email, password });
        assert.deepEqual([r.status, r.body.code], [429, 'rate.limited'], `${p.name} with ${password}`);
        assert.ok(Number(r.headers.get('retry-after')) > 0);
      }
    }
    // one counter for both processes: the ten failures (a refused attempt is counted, then taken back after its answer)
    await until('the refused attempts to be taken back', async () => {
      const rows = await q(`SELECT hits FROM rate_limit_counters WHERE key LIKE 'login-account|%' AND key LIKE $1`, [`%|${OFFICER.email}`]);
      assert.equal(rows.length, 1);
      return rows[0].hits === 10;
    }, 5000);
    assert.equal((await officer.call(b!.base, 'post', '/api/auth/logout')).status, 200);
    assert.equal((await officer.call(a!.base, 'get', '/api/auth/me')).status, 401, 'the session ended on B is gone on A');
  });
});
