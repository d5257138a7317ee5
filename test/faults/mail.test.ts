// Fault injection for mail: a request that queues mails and then rolls back sends nothing (a database trigger makes its
// last statement fail); a delivery worker killed (SIGKILL) after the SMTP server has the message but before the row
// is marked sent is retried — by the job runner and by hand — and the mail is never sent twice.
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { testEnv } from '../setup';
import { loginAs } from '../helpers';
import { startSmtp, type TestSmtp } from '../smtp';
import { deliverMessage, deliverQueued } from '../../server/services/mail';
import { QUEUE_MAIL, startJobs, stopJobs } from '../../server/services/jobs';

const ROOT = path.resolve(__dirname, '..', '..');
const db = () => testEnv().ctx.db;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults: mail after commit', function () {
  this.timeout(90000);
  let smtp: TestSmtp;
  before(async () => { smtp = await startSmtp(); testEnv().ctx.config.SMTP_URL = smtp.url; });
  after(async () => { testEnv().ctx.config.SMTP_URL = ''; await smtp.stop(); });

  it('a request that queued mails and then failed sends nothing, with the job runner on', async () => {
    const { ctx } = testEnv();
    const o = await loginAs('officer');
    const [q] = await db().query(`INSERT INTO questionnaires (programme_id, code, title_en) VALUES ($1, 'q', 'Q') RETURNING id`, [o.programmeId]);
    const [v] = await db().query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, $2) RETURNING id`,
      [q.id, JSON.stringify({ pages: [{ name: 'p', elements: [{ type: 'text', name: 'x' }] }] })]);
    const [w] = await db().query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, opens_at, closes_at)
      VALUES ($1, $2, 'baseline', 'W', now() - interval '1 day', now() + interval '9 days') RETURNING id`, [o.programmeId, v.id]);
    const ids: string[] = [];
    for (const e of ['r1@example.org', 'r2@example.org']) {
      ids.push((await db().query(`INSERT INTO stakeholders (programme_id, name_en, institution, email) VALUES ($1, $2, 'MFA', $2) RETURNING id`, [o.programmeId, e]))[0].id);
    }
    // the audit row is the request's last statement, after both mails were queued: make it fail for this programme
    await db().query(`CREATE OR REPLACE FUNCTION h14_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.programme_id = '${o.programmeId}'::uuid AND NEW.action = 'invitation.create' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$`);
    await db().query(`CREATE TRIGGER h14_fail_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION h14_fail_audit()`);
    ctx.config.JOBS = true;
    const before = smtp.messages.length;
    try {
      await startJobs(ctx, { pollingIntervalSeconds: 0.5, cron: false });
      const res = await o.post(`/api/programmes/${o.programmeId}/waves/${w.id}/invitations`, { stakeholderIds: ids, mode: 'mail' });
      assert.equal(res.status, 500);
      await sleep(5000); // longer than the after-commit kick and two job polls
      await deliverQueued(ctx);
    } finally {
      ctx.config.JOBS = false;
      await stopJobs(ctx);
      await db().query(`DROP TRIGGER h14_fail_audit ON audit_events`);
      await db().query(`DROP FUNCTION h14_fail_audit()`);
    }
    assert.equal(smtp.messages.length, before, 'no mail left');
    const rows = await db().query(`SELECT count(*)::int AS n FROM mail_messages WHERE to_address IN ('r1@example.org', 'r2@example.org')`);
    assert.equal(rows[0].n, 0);
    // a delivery job of a rolled-back message would name a message that does not exist
    assert.equal((await db().query(`SELECT count(*)::int AS n FROM pgboss.job j WHERE j.name = $1
      AND NOT EXISTS (SELECT 1 FROM mail_messages m WHERE m.id::text = j.data->>'messageId')`, [QUEUE_MAIL]))[0].n, 0, 'no delivery job either');
  });

  it('a worker killed after the SMTP server took the message is retried without sending twice', async () => {
    const { ctx } = testEnv();
    // written as a queued row with no job and no kick, so only the child delivers it
    const id = await db().transaction(async (em) => {
      const [row] = await em.query(`INSERT INTO mail_messages (kind, to_address, subject, body_text, status) VALUES ('other', 'crash@example.org', 'Crash', 'T', 'queued') RETURNING id`);
      return row.id as string;
    });
    smtp.hold = true;
    const before = smtp.messages.length;
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/faults/mail-worker.ts', testEnv().databaseUrl, smtp.url, id], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    try {
      for (let i = 0; smtp.held.length === 0; i++) {
        if (i > 300) throw new Error(`the worker never reached the SMTP server: ${out}`);
        await sleep(50);
      }
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      smtp.hold = false;
      smtp.held.shift()!(); // the server had the whole message: it is delivered
      await smtp.waitFor(before + 1);
    } finally { smtp.hold = false; if (child.exitCode === null) child.kill('SIGKILL'); }
    assert.doesNotMatch(out, /done/);
    assert.equal((await db().query(`SELECT status FROM mail_messages WHERE id = $1`, [id]))[0].status, 'sending');

    // the job is retried (pg-boss runs deliverMessage again), then an officer's sweep marks it interrupted
    ctx.config.JOBS = true;
    try {
      const boss = await startJobs(ctx, { pollingIntervalSeconds: 0.5, cron: false });
      const jobId = (await boss.send(QUEUE_MAIL, { messageId: id }))!;
      for (let i = 0; i < 200; i++) {
        const j = await boss.getJobById(QUEUE_MAIL, jobId);
        if (j?.state === 'completed') break;
        if (i === 199) throw new Error('retry job did not finish');
        await sleep(50);
      }
    } finally { ctx.config.JOBS = false; await stopJobs(ctx); }
    assert.equal(await deliverMessage(ctx, id, { staleSendingMs: 0 }), 'failed');
    await deliverQueued(ctx, { staleSendingMs: 0 });
    await sleep(300);
    assert.equal(smtp.messages.filter((m) => m.to.includes('crash@example.org')).length, 1, 'sent exactly once');
    const [row] = await db().query(`SELECT status, error, attempts FROM mail_messages WHERE id = $1`, [id]);
    assert.deepEqual([row.status, row.attempts], ['failed', 1]);
    assert.match(row.error, /interrupted while sending/);
  });
});
